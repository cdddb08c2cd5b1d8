using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Continuum.Pce.Grains.ProcessHost;

namespace Continuum.Pce.Grains.Tests.Support;

/// <summary>
/// A silo host in a child process (tests/Continuum.Pce.Grains.ProcessHost), its standard output read line by line.
/// Every wait is bounded; disposing kills the process tree.
/// </summary>
public sealed class ChildHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];

    private ChildHost(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Writer.TryWrite("stderr: " + e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public static ChildHost Start(params string[] args)
    {
        var dll = typeof(RingNetwork).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        return new ChildHost(Process.Start(info) ?? throw new InvalidOperationException("could not start the child host"));
    }

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails after <paramref name="timeout"/> or at end of output.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    _seen.Add(line);
                    if (predicate(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching line within {timeout}; output:\n{Tail()}");
        }

        throw new InvalidOperationException($"the child host ended without a matching line; output:\n{Tail()}");
    }

    /// <summary>Counts lines matching <paramref name="predicate"/> until <paramref name="count"/> have been seen.</summary>
    public async Task WaitForCountAsync(Func<string, bool> predicate, int count, TimeSpan timeout)
    {
        var seen = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (seen < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"saw {seen} of {count} lines; output:\n{Tail()}");
            }

            await WaitForLineAsync(predicate, left);
            seen++;
        }
    }

    /// <summary>Waits for the process to end by itself (a normal stop); fails with its output after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the child host did not exit within {timeout}; output:\n{Tail()}");
        }

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the child host exited with {_process.ExitCode}; output:\n{Tail()}");
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush — a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The whole output, not a tail: a child that fails on a loaded CI machine must leave its cause (the first lines of
    // an exception) in the test's message. Lines not yet read by a wait are drained too.
    private string Tail()
    {
        while (_lines.Reader.TryRead(out var line))
        {
            _seen.Add(line);
        }

        return string.Join('\n', _seen);
    }
}
