using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CXone.Emulator;

public sealed partial class CXoneEmulator
{
    private async Task PostFaults(HttpContext ctx)
    {
        FaultRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<FaultRequest>(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
            if (request == null)
            {
                throw new ArgumentException("Expected a JSON object.");
            }

            Faults.Apply(request);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            await WriteJson(ctx, 400, new JsonObject { ["error"] = e.Message }).ConfigureAwait(false);
            return;
        }

        await WriteJson(ctx, 200, new JsonObject { ["pendingFaults"] = Faults.Pending }).ConfigureAwait(false);
    }

    /// <summary>What an outside driver (Pester, benchmarks, the demo) needs: endpoints, default accounts, a few ids.</summary>
    private Task Info(HttpContext ctx) => WriteJson(ctx, 200, new JsonObject
    {
        ["issuer"] = IssuerText,
        ["apiEndpoint"] = ApiBaseUri.ToString().TrimEnd('/'),
        ["storageEndpoint"] = StorageBaseUri.ToString().TrimEnd('/'),
        ["authEndpoint"] = IssuerText,
        ["genesysTokenEndpoint"] = IssuerText + "/oauth/token",
        ["clientId"] = Options.ClientId,
        ["clientSecret"] = Options.ClientSecret,
        ["accessKeyId"] = Options.AccessKeyId,
        ["accessKeySecret"] = Options.AccessKeySecret,
        ["username"] = Options.Username,
        ["password"] = Options.Password,
        ["tenantId"] = Options.TenantId,
        ["dataSetStart"] = Iso(Data.Contacts.Count > 0 ? Data.Contacts[0].ContactStartDate : Data.DataSetEnd),
        ["dataSetEnd"] = Iso(Data.DataSetEnd),
        ["contactCount"] = Data.Contacts.Count,
        ["recordedContactCount"] = Data.RecordedContacts.Count(),
        ["largeRecordingContactId"] = Data.LargeRecordingContactId,
        ["recordedContactIds"] = new JsonArray(Data.RecordedContacts.Where(c => c.ContactId != Data.LargeRecordingContactId).Take(20).Select(c => (JsonNode)c.ContactId).ToArray()),
        ["unrecordedContactIds"] = new JsonArray(Data.Contacts.Where(c => !c.IsRecorded).Take(5).Select(c => (JsonNode)c.ContactId).ToArray()),
    });
}
