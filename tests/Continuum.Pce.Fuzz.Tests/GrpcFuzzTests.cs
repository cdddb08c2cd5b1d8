using Continuum.Pce.Fuzz.Tests.Support;
using CsCheck;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Fuzz.Tests;

/// <summary>
/// Property-based fuzzing of every method of every gRPC service of the contracts (continuum.pce.v1.Pce and PceDefrag
/// today; GrpcCases.AllServices finds them) on a server holding plain and 1+1 lightpaths and a defrag plan (issue 26): whatever the request, a gRPC status that
/// is not a server fault (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED), a non-OK status always with a message,
/// INVALID_ARGUMENT naming the field (pce-field), rejected changes leave the state as it was, the server healthy after.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class GrpcFuzzTests(FuzzServer fixture, ITestOutputHelper output)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task Every_grpc_method_answers_fuzzed_requests_with_a_proper_status_and_unchanged_state_when_rejected()
    {
        using var admin = fixture.Http(fixture.AdminKey);
        using var channel = fixture.Grpc();
        var invoker = channel.CreateCallInvoker();
        var cases = new GrpcCases(fixture.Known, GrpcCases.AllServices());
        var verdicts = new Verdicts();
        var digest = await fixture.DigestAsync(admin);
        var covered = new HashSet<string>();

        var generator = Gen.Select(Gen.Int[0, cases.Methods.Count - 1], Gen.Int, (m, seed) => cases.Build(m, seed));
        await generator.SampleAsync(async fuzzed =>
        {
            covered.Add(fuzzed.Method.FullName);
            var (code, detail, field) = await CallAsync(invoker, fuzzed);
            verdicts.Requests++;
            verdicts.ByStatus.AddOrUpdate(code.ToString(), 1, (_, n) => n + 1);
            if (code is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.Unimplemented)
            {
                verdicts.Violation($"{code} for {fuzzed}: {detail}");
            }
            else if (code != StatusCode.OK && string.IsNullOrWhiteSpace(detail))
            {
                verdicts.Violation($"{code} without a message for {fuzzed}");
            }
            else if (code == StatusCode.InvalidArgument && fuzzed.RawBytes is null && string.IsNullOrWhiteSpace(field))
            {
                verdicts.Violation($"INVALID_ARGUMENT without pce-field for {fuzzed}: {detail}");
            }
            else if (code != StatusCode.OK)
            {
                verdicts.Problems++;
            }

            if (!fuzzed.Mutates)
            {
                return;
            }

            var rejected = code != StatusCode.OK;
            if (rejected)
            {
                verdicts.RejectedMutations++;
            }

            if (await fixture.ChangedByAsync(admin, digest, fuzzed.Method.Name, rejected) is { } changed)
            {
                verdicts.Violation($"rejected ({code}) but the state changed: {fuzzed}\n{changed}");
            }
        }, iter: FuzzSettings.Iterations, threads: 1, seed: FuzzSettings.Seed);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        output.WriteLine($"gRPC fuzz: {verdicts.Summary()}");
        output.WriteLine($"methods covered: {covered.Count} of {cases.Methods.Count}");
        await RestFuzzTests.WriteReportAsync("grpc", verdicts, covered.Count, cases.Methods.Count);
        await fixture.AssertHealthyAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.True(verdicts.Violations.Count == 0, verdicts.Summary() + "\n--- server output ---\n" + fixture.Server.Output);
        Assert.Equal(cases.Methods.Select(m => m.FullName).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    private async Task<(StatusCode Code, string Detail, string? Field)> CallAsync(CallInvoker invoker, GrpcCase fuzzed)
    {
        var headers = new Metadata();
        if (fixture.KeyFor(fuzzed.Key) is { Length: > 0 } key)
        {
            headers.Add("x-api-key", key);
        }

        var method = new Method<byte[], byte[]>(fuzzed.Method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            fuzzed.Method.Service.FullName, fuzzed.Method.Name, Raw, Raw);
        var bytes = fuzzed.RawBytes ?? fuzzed.Request!.ToByteArray();
        try
        {
            if (fuzzed.Method.IsServerStreaming)
            {
                // A watch stream runs until cancelled: read what it sends at first, then hang up (the deadline only ends the stream).
                using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddMilliseconds(250)), bytes);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }

                return (StatusCode.OK, "", null);
            }

            await invoker.AsyncUnaryCall(method, null, new CallOptions(headers), bytes);
            return (StatusCode.OK, "", null);
        }
        catch (RpcException e) when (fuzzed.Method.IsServerStreaming && e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled)
        {
            return (StatusCode.OK, "", null);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail, e.Trailers.GetValue("pce-field"));
        }
    }
}

/// <summary>The fuzz reaches every service the contracts declare, the newest ones included.</summary>
public sealed class GrpcCasesTests
{
    [Fact]
    public void The_fuzzed_services_are_every_service_of_the_contracts()
    {
        var services = GrpcCases.AllServices().Select(s => s.FullName).ToList();

        Assert.Contains(Contracts.V1.Pce.Descriptor.FullName, services);
        Assert.Contains(Contracts.V1.PceDefrag.Descriptor.FullName, services);
        var methods = new GrpcCases(new KnownIds(), GrpcCases.AllServices()).Methods.Select(m => m.Name).ToList();
        Assert.Contains("SwitchProtection", methods);
        Assert.Contains("ApplyDefragPlan", methods);
        Assert.Contains("GetDriftSummary", methods);
    }
}
