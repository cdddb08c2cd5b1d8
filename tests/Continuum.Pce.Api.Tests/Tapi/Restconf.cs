using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Tests.Tapi;

/// <summary>A RESTCONF answer: status, headers that matter, and the body as JSON (null when empty).</summary>
public sealed record RestconfAnswer(int Status, JsonNode? Body, string? Location, string? ContentType, string? Challenge, string Text)
{
    /// <summary>The first RESTCONF error of an error answer.</summary>
    public JsonNode? Error => Body?["ietf-restconf:errors"]?["error"]?[0];
}

/// <summary>A small RESTCONF client over an authenticated <see cref="HttpClient"/>.</summary>
public static class RestconfClient
{
    public const string Context = "/restconf/data/tapi-common:context";
    public const string Connectivity = Context + "/tapi-connectivity:connectivity-context";
    public const string PathComputation = Context + "/tapi-path-computation:path-computation-context";
    public const string Notification = Context + "/tapi-notification:notification-context";

    public static Task<RestconfAnswer> GetYangAsync(this HttpClient http, string path) => SendAsync(http, HttpMethod.Get, path, null);

    public static Task<RestconfAnswer> PostYangAsync(this HttpClient http, string path, JsonNode body) => SendAsync(http, HttpMethod.Post, path, body.ToJsonString());

    public static Task<RestconfAnswer> PostRawAsync(this HttpClient http, string path, string body) => SendAsync(http, HttpMethod.Post, path, body);

    public static Task<RestconfAnswer> DeleteYangAsync(this HttpClient http, string path) => SendAsync(http, HttpMethod.Delete, path, null);

    private static async Task<RestconfAnswer> SendAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/yang-data+json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new RestconfAnswer((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Location?.ToString(),
            response.Content.Headers.ContentType?.MediaType, response.Headers.WwwAuthenticate.ToString(), text);
    }
}
