namespace Continuum.Pce.Application.Ports;

/// <summary>A renderer that configures nothing and always succeeds: for planning-only deployments and grain tests.</summary>
public sealed class NoOpDeviceRenderer : IDeviceRenderer
{
    public Task<RenderResult> ProvisionAsync(LightpathRenderIntent intent, CancellationToken cancellationToken) =>
        Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));

    public Task<RenderResult> DeleteAsync(LightpathRenderIntent intent, CancellationToken cancellationToken) =>
        Task.FromResult<RenderResult>(new RenderResult.Succeeded([]));
}
