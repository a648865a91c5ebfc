namespace RspAdmin.Sandbox.Scenario;

/// <summary>
/// The registry pods pull from: an existing one (<see cref="Address"/>, <c>host:port</c>) or, with
/// <see cref="Start"/>, Debian's docker-registry started on 127.0.0.1 and seeded with <see cref="Repositories"/>.
/// </summary>
public sealed class ScenarioRegistry
{
    public string? Address { get; set; }

    public bool Start { get; set; }

    public List<ScenarioRepository> Repositories { get; set; } = [];
}
