namespace Continuum.Pce.Api.Operations;

/// <summary>Limits shared by the northbound resources (the operations themselves: one class per resource in this folder).</summary>
public static class PceOperations
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
}
