using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using RspAdmin.Sandbox.Postgres;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The simulated Argo CD, Vault, mobu, hub routes, lab namespaces and PostgreSQL.</summary>
public sealed class ServicesTests
{
    private const string Gafaelfawr = "gt-test-operator";

    private static string Scenario(string phalanx, string extra = "") => $$"""
        settings:
          namespaceTerminationSeconds: 0.2
          deploymentReadySeconds: 0.1
        phalanx: { path: {{phalanx}}, environment: idfdev }
        argoCd:
          operationSeconds: 0.2
          tokens: [argo-test-token]
        gafaelfawr: { tokens: [{{Gafaelfawr}}] }
        {{extra}}
        """;

    private static HttpClient Client(InProcessSandbox sandbox, string? bearer = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = sandbox.Host.ApiAddress };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static async Task<JsonNode> WaitSyncedAsync(HttpClient argo, string app, CancellationToken ct)
    {
        while (true)
        {
            var a = await JsonAsync(await argo.GetAsync($"argo-cd/api/v1/applications/{app}", ct));
            if (a["operation"] is null && a["status"]!["operationState"]?["finishedAt"] is not null)
            {
                return a;
            }

            await Task.Delay(50, ct);
        }
    }

    [Fact]
    public async Task Argo_CD_renders_HEAD_reports_OutOfSync_refuses_a_second_operation_and_moves_the_hub_route()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = PhalanxTree.Create(Path.Combine(Path.GetTempPath(), "phalanx-" + Guid.NewGuid().ToString("N")), PhalanxTree.Standard);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario(dir), ct);
        using var argo = Client(sandbox, "argo-test-token");
        using var hub = Client(sandbox, Gafaelfawr);

        var parent = await JsonAsync(await argo.GetAsync("argo-cd/api/v1/applications/science-platform", ct));
        Assert.Equal("Synced", (string?)parent["status"]!["sync"]!["status"]);
        var children = await JsonAsync(await argo.GetAsync("argo-cd/api/v1/applications?selector=argocd.argoproj.io/instance=science-platform", ct));
        Assert.Equal(["cachemachine", "mobu", "nublado2"], children["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        Assert.Equal(HttpStatusCode.OK, (await hub.GetAsync("nb/hub/api/", ct)).StatusCode);

        PhalanxTree.Commit(dir, new Dictionary<string, string?> { ["applications/nublado2/values-idfdev.yaml"] = "jupyterhub:\n  hub:\n    baseUrl: /n2\n" }, "nublado2 to /n2");
        var app = await JsonAsync(await argo.GetAsync("argo-cd/api/v1/applications/nublado2", ct));
        Assert.Equal("OutOfSync", (string?)app["status"]!["sync"]!["status"]);

        var sync = await argo.PostAsync("argo-cd/api/v1/applications/nublado2/sync", new StringContent("""{"name":"nublado2","prune":false}"""), ct);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.NotNull((await JsonAsync(sync))["operation"]);
        var second = await argo.PostAsync("argo-cd/api/v1/applications/nublado2/sync", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var error = await JsonAsync(second);
        Assert.Equal(9, (int)error["code"]!);
        Assert.Equal("another operation is already in progress", (string?)error["message"]);

        var done = await WaitSyncedAsync(argo, "nublado2", ct);
        Assert.Equal("Succeeded", (string?)done["status"]!["operationState"]!["phase"]);
        Assert.Equal("Synced", (string?)done["status"]!["sync"]!["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.GetAsync("nb/hub/api/", ct)).StatusCode);
        while ((await hub.GetAsync("n2/hub/api/", ct)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, ct);
        }

        // The hub Deployment deleted: its route answers 503 (the proxy has no hub behind it).
        await sandbox.Client.AppsV1.DeleteNamespacedDeploymentAsync("hub", "nublado2", cancellationToken: ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await hub.GetAsync("n2/hub/api/", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await Client(sandbox).GetAsync("n2/hub/api/", ct)).StatusCode);
    }

    [Fact]
    public async Task Pruning_a_disabled_application_is_previewed_by_a_dry_run_then_deletes_it_with_its_namespace()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = PhalanxTree.Create(Path.Combine(Path.GetTempPath(), "phalanx-" + Guid.NewGuid().ToString("N")), PhalanxTree.Standard);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario(dir), ct);
        using var argo = Client(sandbox, "argo-test-token");
        PhalanxTree.Commit(dir, new Dictionary<string, string?> { ["environments/values-idfdev.yaml"] = "name: idfdev\napplications:\n  nublado2: true\n  mobu: true\n" }, "disable cachemachine");

        var parent = await JsonAsync(await argo.GetAsync("argo-cd/api/v1/applications/science-platform", ct));
        var prunable = parent["status"]!["resources"]!.AsArray().Where(r => (bool?)r!["requiresPruning"] == true).Select(r => $"{r!["kind"]}/{r["name"]}").Order().ToList();
        Assert.Equal(["Application/cachemachine", "Namespace/cachemachine"], prunable);

        await argo.PostAsync("argo-cd/api/v1/applications/science-platform/sync", new StringContent("""{"prune":true,"dryRun":true}"""), ct);
        var dry = await WaitSyncedAsync(argo, "science-platform", ct);
        var pruned = dry["status"]!["operationState"]!["syncResult"]!["resources"]!.AsArray().Where(r => (string?)r!["status"] == "Pruned").ToList();
        Assert.Equal(2, pruned.Count);
        Assert.All(pruned, r => Assert.Equal("pruned (dry run)", (string?)r!["message"]));
        Assert.NotNull(await sandbox.Client.CoreV1.ReadNamespaceAsync("cachemachine", cancellationToken: ct));

        await argo.PostAsync("argo-cd/api/v1/applications/science-platform/sync", new StringContent("""{"prune":true,"resources":[{"group":"argoproj.io","kind":"Application","name":"cachemachine","namespace":"argocd"},{"group":"","kind":"Namespace","name":"cachemachine"}]}"""), ct);
        await WaitSyncedAsync(argo, "science-platform", ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await argo.GetAsync("argo-cd/api/v1/applications/cachemachine", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await argo.GetAsync("argo-cd/api/v1/applications/cachemachine?project=default", ct)).StatusCode);
        Assert.Empty((await sandbox.Client.AppsV1.ListNamespacedDeploymentAsync("cachemachine", cancellationToken: ct)).Items);
        // The pruned namespace is Terminating, or already gone (termination takes 0.2 s here).
        try
        {
            var ns = await sandbox.Client.CoreV1.ReadNamespaceAsync("cachemachine", cancellationToken: ct);
            Assert.Equal("Terminating", ns.Status.Phase);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    [Theory]
    [InlineData("science-platform/values-idfdev.yaml", "environment: idfdev\nnublado2:\n  enabled: true\ncert_manager:\n  enabled: true\nmobu:\n  enabled: false\n", "cert-manager,nublado2")]
    [InlineData("environments/values-idfdev.yaml", "environment: idfdev\nnublado2:\n  enabled: true\ncert-manager:\n  enabled: false\n", "nublado2")]
    [InlineData("environments/values-idfdev.yaml", "name: idfdev\napplications:\n  nublado:\n    enabled: true\n  mobu:\n    enabled: true\n", "mobu,nublado")]
    [InlineData("environments/values-idfdev.yaml", "name: idfdev\napplications:\n  nublado: true\n  nublado2: false\n", "nublado")]
    public async Task The_app_of_apps_reads_the_environment_file_of_every_era(string file, string text, string expected)
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = PhalanxTree.Create(Path.Combine(Path.GetTempPath(), "phalanx-" + Guid.NewGuid().ToString("N")), new Dictionary<string, string> { [file] = text, ["README"] = "test\n" });
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario(dir), ct);
        using var argo = Client(sandbox, "argo-test-token");
        var apps = await JsonAsync(await argo.GetAsync("argo-cd/api/v1/applications?selector=argocd.argoproj.io/instance=science-platform", ct));
        Assert.Equal(expected, string.Join(',', apps["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)));
    }

    [Fact]
    public async Task Argo_CD_refuses_requests_without_a_valid_session_and_after_revocation()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = PhalanxTree.Create(Path.Combine(Path.GetTempPath(), "phalanx-" + Guid.NewGuid().ToString("N")), PhalanxTree.Standard);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario(dir), ct);
        using var anonymous = Client(sandbox);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("argo-cd/api/v1/applications/nublado2", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("argo-cd/api/v1/session", new StringContent("""{"username":"admin","password":"wrong"}"""), ct)).StatusCode);
        var session = await JsonAsync(await anonymous.PostAsync("argo-cd/api/v1/session", new StringContent("""{"username":"admin","password":"sandbox-argocd-password"}"""), ct));
        var token = (string)session["token"]!;
        using var argo = Client(sandbox, token);
        Assert.Equal(HttpStatusCode.OK, (await argo.GetAsync("argo-cd/api/v1/applications/nublado2", ct)).StatusCode);
        await anonymous.PostAsync("sandbox/v1/tokens/revoke", new StringContent(token), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await argo.GetAsync("argo-cd/api/v1/applications/nublado2", ct)).StatusCode);
    }

    [Fact]
    public async Task Vault_grants_by_capability_creates_only_with_cas_zero_and_tells_deleted_from_absent()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync("""
            vault:
              tokens:
                - { token: w, capabilities: [read, list, create, update, delete] }
                - { token: r, capabilities: [read, list] }
              secrets:
                phalanx/idfdev/nublado2: { crypto_key: k1 }
                phalanx/idfdev/old: { a: b }
              deleted: [phalanx/idfdev/old]
            """, ct);
        using var http = Client(sandbox);
        HttpRequestMessage Request(HttpMethod method, string path, string token, string? body = null, string type = "application/json")
        {
            var m = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
            m.Headers.Add("X-Vault-Token", token);
            return m;
        }

        var read = await http.SendAsync(Request(HttpMethod.Get, "v1/secret/data/phalanx/idfdev/nublado2", "r"), ct);
        Assert.Equal("k1", (string?)(await JsonAsync(read))["data"]!["data"]!["crypto_key"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Request(HttpMethod.Post, "v1/secret/data/phalanx/idfdev/nublado", "r", """{"options":{"cas":0},"data":{"x":"y"}}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Request(HttpMethod.Get, "v1/secret/data/phalanx/idfdev/nublado2", "nope"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Request(HttpMethod.Post, "v1/secret/data/phalanx/idfdev/nublado", "w", """{"options":{"cas":0},"data":{"x":"y"}}"""), ct)).StatusCode);
        var again = await http.SendAsync(Request(HttpMethod.Post, "v1/secret/data/phalanx/idfdev/nublado", "w", """{"options":{"cas":0},"data":{"x":"z"}}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("y", sandbox.Host.Services.Vault!.Current("phalanx/idfdev/nublado")!["x"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Request(HttpMethod.Patch, "v1/secret/data/phalanx/idfdev/nublado", "w", """{"data":{"q":"1"}}""", "application/merge-patch+json"), ct)).StatusCode);

        var absent = await http.SendAsync(Request(HttpMethod.Get, "v1/secret/data/phalanx/idfdev/never", "r"), ct);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Null((await JsonAsync(absent))["data"]);
        var deleted = await http.SendAsync(Request(HttpMethod.Get, "v1/secret/data/phalanx/idfdev/old", "r"), ct);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.NotEqual("", (string?)(await JsonAsync(deleted))["data"]!["metadata"]!["deletion_time"]);
        var list = await JsonAsync(await http.SendAsync(Request(new HttpMethod("LIST"), "v1/secret/metadata/phalanx/idfdev", "r"), ct));
        Assert.Equal(["nublado", "nublado2", "old"], list["data"]!["keys"]!.AsArray().Select(k => (string)k!).Order());
    }

    [Fact]
    public async Task Mobu_runs_the_autostart_flocks_and_brings_them_back_when_its_Deployment_restarts()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = PhalanxTree.Create(Path.Combine(Path.GetTempPath(), "phalanx-" + Guid.NewGuid().ToString("N")), PhalanxTree.Standard);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario(dir), ct);
        using var mobu = Client(sandbox, Gafaelfawr);
        Assert.Equal(HttpStatusCode.Found, (await Client(sandbox).GetAsync("mobu/flocks", ct)).StatusCode);
        Assert.StartsWith("/login", (await Client(sandbox).GetAsync("mobu/flocks", ct)).Headers.Location!.OriginalString);
        Assert.Equal("""["recommended","tap"]""", await mobu.GetStringAsync("mobu/flocks", ct));
        var tap = await JsonAsync(await mobu.GetAsync("mobu/flocks/tap", ct));
        Assert.Equal(2, tap["monkeys"]!.AsArray().Count);
        Assert.StartsWith("gt-", (string?)tap["monkeys"]![0]!["user"]!["token"]);

        Assert.Equal(HttpStatusCode.NoContent, (await mobu.DeleteAsync("mobu/flocks/tap", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mobu.DeleteAsync("mobu/flocks/tap", ct)).StatusCode);
        Assert.Equal("""["recommended"]""", await mobu.GetStringAsync("mobu/flocks", ct));

        var patch = new V1Patch("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await sandbox.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "mobu", "mobu", cancellationToken: ct);
        while (await mobu.GetStringAsync("mobu/flocks", ct) != """["recommended","tap"]""")
        {
            await Task.Delay(50, ct);
        }
    }

    [Fact]
    public async Task Lab_namespaces_carry_the_hub_labels_decoys_carry_none_and_a_stuck_one_stays_Terminating()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync("""
            settings: { namespaceTerminationSeconds: 0.1 }
            labNamespaces:
              v2Users: [alice, bob]
              v3Users: [carol]
              decoys: true
              stuck: [nublado2-bob]
            """, ct);
        var all = (await sandbox.Client.CoreV1.ListNamespaceAsync(cancellationToken: ct)).Items.ToDictionary(n => n.Metadata.Name);
        Assert.Equal("nublado-users", all["nublado2-alice"].Metadata.Labels["argocd.argoproj.io/instance"]);
        Assert.Equal("true", all["nublado2-alice"].Metadata.Labels["hub.jupyter.org/network-access-hub"]);
        Assert.Equal("lab", all["nublado-carol"].Metadata.Labels["nublado.lsst.io/category"]);
        Assert.All(new[] { "nublado2", "nublado-users", "mynublado2-x", "nublado2-eve" }, d => Assert.False(all[d].Metadata.Labels?.ContainsKey("argocd.argoproj.io/instance") ?? false));
        var labelled = await sandbox.Client.CoreV1.ListNamespaceAsync(labelSelector: "argocd.argoproj.io/instance=nublado-users", cancellationToken: ct);
        Assert.Equal(["nublado-carol", "nublado2-alice", "nublado2-bob"], labelled.Items.Select(n => n.Metadata.Name).Order());

        var wrongUid = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = Guid.NewGuid().ToString() } };
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.DeleteNamespaceAsync("nublado2-alice", wrongUid, cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        await sandbox.Client.CoreV1.DeleteNamespaceAsync("nublado2-bob", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = all["nublado2-bob"].Metadata.Uid } }, cancellationToken: ct);
        await sandbox.Client.CoreV1.DeleteNamespaceAsync("nublado2-alice", cancellationToken: ct);
        await Task.Delay(600, ct);
        Assert.Equal("Terminating", (await sandbox.Client.CoreV1.ReadNamespaceAsync("nublado2-bob", cancellationToken: ct)).Status.Phase);
        await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReadNamespaceAsync("nublado2-alice", cancellationToken: ct));
    }

    [SkippableFact]
    public async Task PostgreSQL_runs_on_loopback_with_the_scenario_databases()
    {
        Skip.If(PostgresServer.FindBinaries() is null, "Skipped: PostgreSQL is not installed (Debian package postgresql).");
        var ct = InProcessSandbox.Bounded(90);
        await using var sandbox = await InProcessSandbox.StartAsync("""
            postgres:
              roles: [nublado3]
              databases:
                - { name: jupyterhub, owner: jovyan }
            """, ct);
        var pg = sandbox.Host.Services.Postgres!;
        var start = new System.Diagnostics.ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-tA", "-c", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datname NOT LIKE 'template%'; SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('jovyan','nublado3');" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PGPASSWORD"] = pg.Password;
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        Assert.Equal("jupyterhub,postgres\njovyan,nublado3\n", output);
    }
}
