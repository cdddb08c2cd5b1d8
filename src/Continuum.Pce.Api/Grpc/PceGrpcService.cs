using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Api.Grpc;

/// <summary>
/// The gRPC face of the same operations as REST. Errors become status codes (InvalidArgument names the field in the
/// message and in the "pce-field" trailer; a blocked request is FailedPrecondition with "pce-reason").
/// </summary>
[Authorize(Policy = Policies.Viewer)]
public sealed class PceGrpcService(
    TopologyOperations topology,
    InventoryOperations inventory,
    PathOperations paths,
    LightpathOperations lightpaths,
    BundleOperations bundles,
    AlarmOperations alarms,
    SurvivabilityOperations survivability,
    DriftOperations drift,
    Events.ChangeFeed feed) : V1.Pce.PceBase
{
    [Authorize(Policy = Policies.Admin)]
    public override async Task<NodeDrift> GetNodeDrift(NodeDriftRequest request, ServerCallContext context) =>
        NodeDrift(Unwrap(await drift.InspectAsync(request.Node, Caller(context), context.CancellationToken)));

    [Authorize(Policy = Policies.Admin)]
    public override async Task<NodeDrift> ReconcileNode(ReconcileNodeRequest request, ServerCallContext context) =>
        NodeDrift(Unwrap(await drift.ReconcileAsync(request.Node, new ReconcileRequestDto { Repair = request.HasRepair ? request.Repair : null }, Caller(context), context.CancellationToken)));

    [Authorize(Policy = Policies.Admin)]
    public override async Task<DriftSummary> GetDriftSummary(DriftSummaryRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        DriftSummaryDto summary;
        if (request.Reconcile)
        {
            if (caller.Role != Roles.Admin)
            {
                throw Fail(new ApiError(403, "Forbidden", "reconciling every device needs an admin key"));
            }

            summary = Unwrap(await drift.ReconcileAllAsync(new ReconcileRequestDto { Repair = request.HasRepair ? request.Repair : null }, caller, context.CancellationToken));
        }
        else
        {
            summary = Unwrap(drift.Summary(caller));
        }

        var reply = new DriftSummary
        {
            Enabled = summary.Enabled,
            Policy = summary.Policy,
            IntervalSeconds = summary.IntervalSeconds,
            LastPassAt = summary.LastPassAt is { } last ? Timestamp.FromDateTimeOffset(last) : null,
            DevicesInspected = summary.DevicesInspected,
            DevicesWithDrift = summary.DevicesWithDrift,
            DevicesUnreadable = summary.DevicesUnreadable,
        };
        reply.Devices.AddRange(summary.Devices.Select(NodeDrift));
        return reply;
    }

    private static NodeDrift NodeDrift(DeviceDriftDto d)
    {
        var reply = new NodeDrift
        {
            Node = d.Node,
            InspectedAt = Timestamp.FromDateTimeOffset(d.InspectedAt),
            Trigger = d.Trigger,
            Policy = d.Policy,
            InSync = d.InSync,
            Missing = d.Missing,
            Different = d.Different,
            Orphan = d.Orphan,
            Foreign = d.Foreign,
            Compared = d.Compared,
            Busy = d.Busy,
            Error = d.Error ?? "",
        };
        reply.Findings.AddRange(d.Findings.Select(f => new V1.DriftFinding
        {
            Path = f.Path,
            Kind = f.Kind,
            Lightpath = f.Lightpath ?? "",
            Tenant = f.Tenant ?? "",
            Drift = f.Drift,
            Detail = f.Detail,
        }));
        reply.Repairs.AddRange(d.Repairs);
        return reply;
    }

    public override async Task<TopologyDocument> GetTopology(GetTopologyRequest request, ServerCallContext context)
    {
        var doc = Unwrap(await topology.GetTopologyAsync());
        return new TopologyDocument { NetworkJson = doc.Network?.ToJsonString() ?? "", EquipmentJson = doc.Equipment?.ToJsonString() ?? "", Version = doc.Version };
    }

    public override async Task<ValidationReport> ValidateTopology(TopologyDocument request, ServerCallContext context)
    {
        var report = await topology.ValidateTopologyAsync(request.NetworkJson, NullIfEmpty(request.EquipmentJson));
        var reply = new ValidationReport { Valid = report.Valid };
        reply.Errors.AddRange(report.Errors.Select(Issue));
        reply.Warnings.AddRange(report.Warnings.Select(Issue));
        return reply;
    }

    [Authorize(Policy = Policies.Admin)]
    public override async Task<TopologySummary> LoadTopology(TopologyDocument request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.NetworkJson))
        {
            throw Fail(ApiError.Invalid("network_json", "a network document is required"));
        }

        var s = Unwrap(await topology.LoadTopologyAsync(request.NetworkJson, NullIfEmpty(request.EquipmentJson)));
        return new TopologySummary { Name = s.Name, Version = s.Version, Sites = s.Sites, Nodes = s.Nodes, Fibers = s.Fibers };
    }

    public override Task<ListSitesResponse> ListSites(ListSitesRequest request, ServerCallContext context)
    {
        var reply = new ListSitesResponse();
        reply.Sites.AddRange(Unwrap(inventory.ListSites()).Select(s =>
        {
            var site = new Site { Id = s.Id, Name = s.Name, Tier = s.Tier, Jurisdiction = s.Jurisdiction, Latitude = s.Latitude, Longitude = s.Longitude };
            site.Nodes.AddRange(s.Nodes);
            return site;
        }));
        return Task.FromResult(reply);
    }

    public override async Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        var reply = new ListNodesResponse();
        reply.Nodes.AddRange(Unwrap(await inventory.ListNodesAsync(NullIfEmpty(request.Kind))).Select(n => new Node
        {
            Id = n.Id,
            Name = n.Name,
            Kind = n.Kind,
            Site = n.Site,
            Health = n.Health ?? "",
            DeviceAddress = n.DeviceAddress ?? "",
            Jurisdiction = n.Jurisdiction,
        }));
        return reply;
    }

    public override async Task<ListFibersResponse> ListFibers(ListFibersRequest request, ServerCallContext context)
    {
        var reply = new ListFibersResponse();
        reply.Fibers.AddRange(Unwrap(await inventory.ListFibersAsync()).Select(f =>
        {
            var fiber = new Fiber
            {
                Id = f.Id,
                From = f.From,
                To = f.To,
                LengthKm = f.LengthKm,
                LatencyUs = f.LatencyUs,
                SlotCount = f.SlotCount,
                OccupiedSlots = f.OccupiedSlots,
                Utilisation = f.Utilisation,
                Up = f.Up,
            };
            fiber.Srlgs.AddRange(f.Srlgs);
            fiber.Jurisdictions.AddRange(f.Jurisdictions);
            return fiber;
        }));
        return reply;
    }

    public override async Task<FiberSpectrum> GetSpectrum(GetSpectrumRequest request, ServerCallContext context)
    {
        var s = Unwrap(await inventory.GetSpectrumAsync(request.Fiber, Caller(context)));
        var reply = new FiberSpectrum
        {
            Fiber = s.Fiber,
            SlotCount = s.SlotCount,
            Up = s.Up,
            SlotWidthGhz = s.SlotWidthGhz,
            FirstSlotCentreMhz = (long)Math.Round(s.FirstSlotThz * 1e6),
            OccupiedSlots = s.OccupiedSlots,
            Utilisation = s.Utilisation,
        };
        reply.Claims.AddRange(s.Claims.Select(c => new SpectrumClaim { Lightpath = c.Lightpath ?? "", Tenant = c.Tenant ?? "", SlotStart = c.SlotStart, SlotCount = c.SlotCount, Status = c.Status }));
        return reply;
    }

    public override async Task<PathComputation> ComputePaths(PathRequest request, ServerCallContext context)
    {
        var outcome = await paths.ComputeAsync(new PathRequestDto
        {
            Source = request.Source,
            Destination = request.Destination,
            RateGbps = request.RateGbps,
            Constraints = Constraints(request.Constraints),
            MaxCandidates = request.MaxCandidates == 0 ? null : request.MaxCandidates,
            Protect = request.Protect,
        }, Caller(context));
        var reply = new PathComputation();
        if (!outcome.IsSuccess && outcome.Error!.Status == 422)
        {
            // A blocked computation is an answer, not a failure of the call.
            reply.Found = false;
            reply.BlockReason = outcome.Error.Extensions.TryGetValue("reason", out var r) ? r?.ToString() ?? "" : "";
            reply.BlockDetail = outcome.Error.Detail;
            return reply;
        }

        var result = Unwrap(outcome);
        reply.Found = true;
        reply.Candidates.AddRange(result.Candidates.Select(Candidate));
        if (result.ProtectionPair is { } pair)
        {
            reply.ProtectionPair.AddRange(pair.Select(Candidate));
        }

        return reply;
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Lightpath> CreateLightpath(CreateLightpathRequest request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.CreateAsync(new CreateLightpathDto
        {
            Id = NullIfEmpty(request.Id),
            Source = request.Source,
            Destination = request.Destination,
            RateGbps = request.RateGbps,
            Constraints = Constraints(request.Constraints),
            Tenant = NullIfEmpty(request.Tenant),
            Restoration = request.Restoration is { } r
                ? new RestorationRequestDto { Policy = NullIfEmpty(r.Policy), Priority = r.HasPriority ? r.Priority : null }
                : null,
            Protection = NullIfEmpty(request.Protection),
        }, Caller(context), NullIfEmpty(request.IdempotencyKey) ?? NullIfEmpty(context.RequestHeaders.GetValue("idempotency-key")))));

    public override async Task<Lightpath> GetLightpath(LightpathRef request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.GetAsync(request.Id, Caller(context), NullIfEmpty(request.Tenant))));

    public override async Task<ListLightpathsResponse> ListLightpaths(ListLightpathsRequest request, ServerCallContext context)
    {
        var page = Unwrap(await lightpaths.ListAsync(Caller(context), NullIfEmpty(request.Tenant), NullIfEmpty(request.State), NullIfEmpty(request.Cursor),
            request.Limit == 0 ? null : request.Limit));
        var reply = new ListLightpathsResponse { NextCursor = page.NextCursor ?? "" };
        reply.Lightpaths.AddRange(page.Items.Select(Lightpath));
        return reply;
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Lightpath> DeleteLightpath(LightpathRef request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.DeleteAsync(request.Id, Caller(context), NullIfEmpty(request.Tenant), request.Force)));

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Lightpath> RerouteLightpath(RerouteLightpathRequest request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.RerouteAsync(request.Id, new RerouteDto { Constraints = request.Constraints is null ? null : Constraints(request.Constraints) }, Caller(context), NullIfEmpty(request.Tenant))));

    public override async Task<V1.SurvivabilityReport> GetSurvivabilityReport(SurvivabilityRequest request, ServerCallContext context)
    {
        var failures = request.Failures.Count == 0 ? null : string.Join(',', request.Failures);
        var (result, document) = Unwrap(await survivability.AnalyseAsync(Caller(context), failures, context.CancellationToken));
        var dto = SurvivabilityOperations.ToDto(result, request.IncludeLightpaths);
        var reply = new V1.SurvivabilityReport
        {
            Network = dto.Network,
            Lightpaths = dto.Lightpaths,
            CarriedGbps = dto.CarriedGbps,
            FailuresAnalysed = dto.FailuresAnalysed,
            FailuresWithLoss = dto.FailuresWithLoss,
            LightpathsAtRisk = dto.LightpathsAtRisk,
            Markdown = request.IncludeMarkdown ? document.Markdown : "",
        };
        if (request.IncludeMarkdown)
        {
            foreach (var (name, svg) in document.Charts)
            {
                reply.Charts[name] = svg;
            }
        }

        reply.Tenants.AddRange(dto.Tenants.Select(t => new TenantExposure
        {
            Tenant = t.Tenant,
            Lightpaths = t.Lightpaths,
            CarriedGbps = t.CarriedGbps,
            WorstLostGbps = t.WorstLostGbps,
            WorstFailure = t.WorstFailure ?? "",
            FailuresWithLoss = t.FailuresWithLoss,
        }));
        reply.Failures.AddRange(dto.Failures.Select(f =>
        {
            var impact = new FailureImpact { Kind = f.Kind, Id = f.Id, Hit = f.Hit, Restored = f.Restored, Lost = f.Lost, LostGbps = f.LostGbps };
            impact.FailedFibers.AddRange(f.FailedFibers);
            foreach (var (tenant, lost) in f.LostGbpsByTenant)
            {
                impact.LostGbpsByTenant[tenant] = lost;
            }

            if (f.MeanExtraLatencyUs is { } mean)
            {
                impact.MeanExtraLatencyUs = mean;
            }

            if (f.MaxExtraLatencyUs is { } max)
            {
                impact.MaxExtraLatencyUs = max;
            }

            if (f.MinMarginDb is { } margin)
            {
                impact.MinMarginDb = margin;
            }

            foreach (var l in f.Lightpaths ?? [])
            {
                var hit = new LightpathImpact
                {
                    Id = l.Id,
                    Tenant = l.Tenant,
                    Priority = l.Priority,
                    RateGbps = l.RateGbps,
                    Restored = l.Restored,
                    BlockReason = l.BlockReason ?? "",
                    BlockDetail = l.BlockDetail ?? "",
                };
                if (l.ExtraLatencyUs is { } extra)
                {
                    hit.ExtraLatencyUs = extra;
                }

                if (l.MarginDb is { } m)
                {
                    hit.MarginDb = m;
                }

                if (l.SlotStart is { } start)
                {
                    hit.SlotStart = start;
                    hit.SlotCount = l.SlotCount ?? 0;
                }

                hit.Fibers.AddRange(l.Fibers ?? []);
                impact.Lightpaths.Add(hit);
            }

            return impact;
        }));
        return reply;
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Lightpath> SwitchProtection(SwitchProtectionRequest request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.SwitchProtectionAsync(request.Id, new ProtectionSwitchDto { To = NullIfEmpty(request.To) }, Caller(context), NullIfEmpty(request.Tenant))));

    public override async Task<Lightpath> ReadProtection(LightpathRef request, ServerCallContext context) =>
        Lightpath(Unwrap(await lightpaths.ReadProtectionAsync(request.Id, Caller(context), NullIfEmpty(request.Tenant))));

    public override async Task<LightpathHistory> GetLightpathHistory(LightpathRef request, ServerCallContext context)
    {
        var history = Unwrap(await lightpaths.HistoryAsync(request.Id, Caller(context), NullIfEmpty(request.Tenant)));
        var reply = new LightpathHistory { Id = history.Id };
        reply.Events.AddRange(history.Events.Select(e => new LightpathEventRecord { From = e.From, To = e.To, At = Timestamp.FromDateTimeOffset(e.At), Reason = e.Reason ?? "" }));
        return reply;
    }

    [Authorize(Policy = Policies.Operator)]
    public override async Task<Bundle> CreateBundle(CreateBundleRequest request, ServerCallContext context)
    {
        var bundle = Unwrap(await bundles.CreateBundleAsync(new CreateBundleDto
        {
            Source = request.Source,
            Destination = request.Destination,
            Count = request.Count,
            RateGbps = request.RateGbps,
            MaxSkewUs = request.MaxSkewUs,
            Constraints = Constraints(request.Constraints),
            Tenant = NullIfEmpty(request.Tenant),
            IdPrefix = NullIfEmpty(request.IdPrefix),
        }, Caller(context)));
        var reply = new Bundle { Id = bundle.Id, SkewUs = bundle.SkewUs };
        reply.Lightpaths.AddRange(bundle.Lightpaths.Select(Lightpath));
        return reply;
    }

    public override Task<ListAlarmsResponse> ListAlarms(ListAlarmsRequest request, ServerCallContext context)
    {
        var page = Unwrap(alarms.List(Caller(context), new AlarmListRequest(
            NullIfEmpty(request.Severity), NullIfEmpty(request.Kind), NullIfEmpty(request.Resource), NullIfEmpty(request.Tenant), NullIfEmpty(request.State),
            NullIfEmpty(request.Cursor), request.Limit == 0 ? null : request.Limit)));
        var reply = new ListAlarmsResponse { NextCursor = page.NextCursor ?? "" };
        reply.Alarms.AddRange(page.Items.Select(Alarm));
        return Task.FromResult(reply);
    }

    [Authorize(Policy = Policies.Operator)]
    public override Task<V1.Alarm> AcknowledgeAlarm(AlarmRef request, ServerCallContext context) =>
        Task.FromResult(Alarm(Unwrap(alarms.Acknowledge(request.Id, Caller(context)))));

    public override async Task WatchLightpaths(WatchLightpathsRequest request, IServerStreamWriter<LightpathEvent> responseStream, ServerCallContext context)
    {
        var caller = Caller(context);
        var changes = feed.WatchLightpaths(context.CancellationToken);
        await context.WriteResponseHeadersAsync([]);
        if (request.IncludeCurrent)
        {
            string? cursor = null;
            do
            {
                var page = Unwrap(await lightpaths.ListAsync(caller, null, null, cursor, 500));
                foreach (var lp in page.Items)
                {
                    await responseStream.WriteAsync(new LightpathEvent { Lightpath = Lightpath(lp), To = lp.State, At = Timestamp.FromDateTimeOffset(lp.UpdatedAt ?? DateTimeOffset.UtcNow) });
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        try
        {
            await foreach (var change in changes.WithCancellation(context.CancellationToken))
            {
                if (!caller.Sees(change.Lightpath.Tenant))
                {
                    continue;
                }

                await responseStream.WriteAsync(new LightpathEvent
                {
                    Lightpath = Lightpath(lightpaths.Lightpath(change.Lightpath)),
                    From = change.From,
                    To = change.To,
                    At = Timestamp.FromDateTimeOffset(change.At),
                    Reason = change.Reason ?? "",
                });
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public override async Task WatchAlarms(WatchAlarmsRequest request, IServerStreamWriter<AlarmEvent> responseStream, ServerCallContext context)
    {
        var caller = Caller(context);
        var changes = feed.WatchAlarms(context.CancellationToken);
        await context.WriteResponseHeadersAsync([]);
        foreach (var alarm in alarms.Active(caller))
        {
            await responseStream.WriteAsync(new AlarmEvent { Alarm = Alarm(alarm), Change = "active" });
        }

        try
        {
            await foreach (var change in changes.WithCancellation(context.CancellationToken))
            {
                if (AlarmOperations.Sees(caller, change.Alarm))
                {
                    await responseStream.WriteAsync(new AlarmEvent
                    {
                        Alarm = Alarm(AlarmOperations.Dto(change.Alarm)),
                        Cleared = change.Kind == AlarmChangeKind.Cleared,
                        Change = change.Kind.ToString().ToLowerInvariant(),
                    });
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static Caller Caller(ServerCallContext context) => Auth.Caller.From(context.GetHttpContext().User);

    private static T Unwrap<T>(Outcome<T> outcome) => outcome.IsSuccess ? outcome.Value! : throw Fail(outcome.Error!);

    /// <summary>The gRPC status for an API error.</summary>
    public static RpcException Fail(ApiError error)
    {
        var code = error.Status switch
        {
            400 or 415 => StatusCode.InvalidArgument,
            401 => StatusCode.Unauthenticated,
            403 => StatusCode.PermissionDenied,
            404 => StatusCode.NotFound,
            409 => StatusCode.AlreadyExists,
            422 => StatusCode.FailedPrecondition,
            502 => StatusCode.Aborted,
            503 => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        var trailers = new Metadata();
        if (error.Field is not null)
        {
            trailers.Add("pce-field", error.Field);
        }

        if (error.Extensions.TryGetValue("reason", out var reason) && reason is not null)
        {
            trailers.Add("pce-reason", reason.ToString()!);
        }

        var message = error.Field is null ? error.Detail : $"{error.Field}: {error.Detail}";
        return new RpcException(new Status(code, message), trailers);
    }

    private static ConstraintsDto? Constraints(V1.Constraints? c) => c is null ? null : new ConstraintsDto
    {
        MaxLatencyUs = c.HasMaxLatencyUs ? c.MaxLatencyUs : null,
        AllowedJurisdictions = [.. c.AllowedJurisdictions],
        ForbiddenJurisdictions = [.. c.ForbiddenJurisdictions],
        IncludeNodes = [.. c.IncludeNodes],
        ExcludeNodes = [.. c.ExcludeNodes],
        ExcludeFibers = [.. c.ExcludeFibers],
        ExcludeSrlgs = [.. c.ExcludeSrlgs],
        ExcludeSites = [.. c.ExcludeSites],
        DiverseFrom = [.. c.DiverseFrom],
        MinOsnrMarginDb = c.HasMinOsnrMarginDb ? c.MinOsnrMarginDb : null,
        CentralFrequencyThz = c.HasCentralFrequencyThz ? c.CentralFrequencyThz : null,
        WidthGhz = c.HasWidthGhz ? c.WidthGhz : null,
        Mode = NullIfEmpty(c.Mode),
        MinOsnrDb = c.HasMinOsnrDb ? c.MinOsnrDb : null,
        Objective = NullIfEmpty(c.Objective),
        Diversity = NullIfEmpty(c.Diversity),
    };

    private static PathCandidate Candidate(CandidateDto c)
    {
        var reply = new PathCandidate
        {
            LatencyUs = c.LatencyUs,
            LengthKm = c.LengthKm,
            Hops = c.Hops,
            Mode = c.Mode,
            LineRateGbps = c.LineRateGbps,
            SlotStart = c.SlotStart,
            SlotCount = c.SlotCount,
            PowerW = c.PowerW ?? 0,
        };
        if (c.GsnrDb is { } g)
        {
            reply.GsnrDb = g;
        }

        if (c.MarginDb is { } m)
        {
            reply.MarginDb = m;
        }

        reply.Nodes.AddRange(c.Nodes);
        reply.Fibers.AddRange(c.Fibers);
        return reply;
    }

    private static Lightpath Lightpath(LightpathDto l)
    {
        var reply = new Lightpath
        {
            Id = l.Id,
            Tenant = l.Tenant,
            State = l.State,
            Source = l.Source,
            Destination = l.Destination,
            RateGbps = l.RateGbps,
            Mode = l.Mode ?? "",
            LineRateGbps = l.LineRateGbps,
            BlockReason = l.BlockReason ?? "",
            FailureReason = l.FailureReason ?? "",
            CleanupFailure = l.CleanupFailure ?? "",
        };
        if (l.Restoration is { } restoration)
        {
            reply.Restoration = new Restoration { Policy = restoration.Policy, Priority = restoration.Priority, Failure = restoration.Failure ?? "" };
            reply.Restoration.HomeFibers.AddRange(restoration.HomeFibers ?? []);
        }

        if (l.Protection is { } p)
        {
            reply.Protection = new Protection
            {
                Type = p.Type,
                Diversity = p.Diversity,
                LatencyUs = p.LatencyUs,
                LengthKm = p.LengthKm,
                ActiveAtSource = p.ActiveAtSource ?? "",
                ActiveAtDestination = p.ActiveAtDestination ?? "",
                Force = p.Force,
                WorkingDown = p.WorkingDown,
                ProtectionDown = p.ProtectionDown,
            };
            reply.Protection.Nodes.AddRange(p.Nodes);
            reply.Protection.Fibers.AddRange(p.Fibers);
            if (p.GsnrDb is { } legGsnr)
            {
                reply.Protection.GsnrDb = legGsnr;
            }

            if (p.MarginDb is { } legMargin)
            {
                reply.Protection.MarginDb = legMargin;
            }

            if (p.ReadAt is { } read)
            {
                reply.Protection.ReadAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(read);
            }
        }

        if (l.CleanupRetryAt is { } retry)
        {
            reply.CleanupRetryAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retry);
        }

        reply.Nodes.AddRange(l.Nodes);
        reply.Fibers.AddRange(l.Fibers);
        if (l.SlotStart is { } s)
        {
            reply.SlotStart = s;
        }

        if (l.SlotCount is { } n)
        {
            reply.SlotCount = n;
        }

        if (l.LatencyUs is { } lat)
        {
            reply.LatencyUs = lat;
        }

        if (l.LengthKm is { } km)
        {
            reply.LengthKm = km;
        }

        if (l.GsnrDb is { } g)
        {
            reply.GsnrDb = g;
        }

        if (l.MarginDb is { } m)
        {
            reply.MarginDb = m;
        }

        if (l.PowerW is { } w)
        {
            reply.PowerW = w;
        }

        if (l.FrequencyThz is { } f)
        {
            reply.FrequencyThz = f;
        }

        return reply;
    }

    private static V1.Alarm Alarm(AlarmDto a)
    {
        var reply = new V1.Alarm
        {
            Id = a.Id,
            Severity = a.Severity,
            Resource = a.Resource,
            Kind = a.Kind,
            Message = a.Message,
            RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt),
            Tenant = a.Tenant ?? "",
            State = a.State,
            AcknowledgedBy = a.AcknowledgedBy ?? "",
        };
        if (a.AcknowledgedAt is { } acknowledged)
        {
            reply.AcknowledgedAt = Timestamp.FromDateTimeOffset(acknowledged);
        }

        if (a.ClearedAt is { } cleared)
        {
            reply.ClearedAt = Timestamp.FromDateTimeOffset(cleared);
        }

        return reply;
    }

    private static ValidationIssue Issue(ValidationIssueDto i) => new() { Path = i.Path, Code = i.Code, Message = i.Message };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
