namespace RspAdmin.Registry.Tests;

/// <summary>
/// A directory with fake <c>docker-credential-*</c> programs (shell scripts, run as Docker runs them), put in
/// front of PATH for the tests that use it and taken off again afterwards.
/// </summary>
public sealed class CredentialHelperFixture : IDisposable
{
    public const string KnownServer = "registry.example.org";
    public const string HelperUser = "helper-user";
    public const string HelperSecret = "helper-secret-3b1f";

    private readonly string? _originalPath;

    public CredentialHelperFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("rsp-cred-helpers-").FullName;

        // Answers for registry.example.org (or a server given in $RSP_HELPER_SERVER), "not found" otherwise.
        Write("rsptest", $$"""
            #!/bin/sh
            [ "$1" = get ] || exit 2
            server=$(cat)
            if [ "$server" = "{{KnownServer}}" ] || [ -n "$RSP_HELPER_SERVER" -a "$server" = "$RSP_HELPER_SERVER" ]; then
              user=${RSP_HELPER_USER:-{{HelperUser}}}
              secret=${RSP_HELPER_SECRET:-{{HelperSecret}}}
              printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "$server" "$user" "$secret"
              exit 0
            fi
            echo "credentials not found in native keychain"
            exit 1
            """);
        Write("rspslow", "#!/bin/sh\nsleep 30\n");
        Write("rspbroken", $"#!/bin/sh\necho 'failure mentioning {HelperSecret}' >&2\nexit 3\n");
        Write("rspgarbage", $"#!/bin/sh\necho 'not json {HelperSecret}'\n");
        _originalPath = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", Directory + Path.PathSeparator + _originalPath);
    }

    public string Directory { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _originalPath);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Write(string name, string script)
    {
        var path = Path.Combine(Directory, "docker-credential-" + name);
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
