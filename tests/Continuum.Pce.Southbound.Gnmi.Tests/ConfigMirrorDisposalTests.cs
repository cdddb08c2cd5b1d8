using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// The configuration mirror's shutdown: a watch that ended with a transport error (an HTTP/2 keep-alive ping timeout
/// surfaces as an <see cref="IOException"/> or <see cref="HttpRequestException"/>, not an RpcException) must not make
/// its disposal throw (the LoadTool's host died on one at shutdown).
/// </summary>
public sealed class ConfigMirrorDisposalTests
{
    [Theory]
    [InlineData("io")]
    [InlineData("http")]
    public async Task Dispose_AfterAWatchFailedWithATransportError_CompletesWithoutThrowing(string kind)
    {
        var directory = new FailingDirectory(kind == "io"
            ? new IOException("The HTTP/2 server didn't respond to a ping request within the configured KeepAlivePingTimeout.")
            : new HttpRequestException("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake."));
        var mirror = new GnmiConfigMirror(directory);
        mirror.Watch(new NodeId("R1"));
        await directory.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await mirror.DisposeAsync();

        Assert.False(mirror.IsKnownAbsent(new NodeId("R1"), RenderPlanBuilder.MediaChannelPath(3000)));
    }

    private sealed class FailingDirectory(Exception failure) : IGnmiDeviceDirectory
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GnmiClient ClientFor(NodeId device)
        {
            Asked.TrySetResult();
            throw failure;
        }
    }
}
