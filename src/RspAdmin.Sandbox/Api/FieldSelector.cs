using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// A parsed field selector: comma-separated <c>field=value</c>, <c>field==value</c> or <c>field!=value</c>
/// terms over the fields a resource supports (<see cref="ResourceKind.FieldValue"/>).
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<Term> _terms;

    private FieldSelector(IReadOnlyList<Term> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses a selector for a resource; 400 BadRequest for a malformed term or an unsupported field.</summary>
    public static FieldSelector Parse(string? text, ResourceKind kind, IKubernetesObject<V1ObjectMeta> probe)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<Term>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            int at;
            Term term;
            if ((at = part.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                term = new Term(part[..at].Trim(), part[(at + 2)..].Trim(), Equal: false);
            }
            else if ((at = part.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                term = new Term(part[..at].Trim(), part[(at + 2)..].Trim(), Equal: true);
            }
            else if ((at = part.IndexOf('=')) > 0)
            {
                term = new Term(part[..at].Trim(), part[(at + 1)..].Trim(), Equal: true);
            }
            else
            {
                throw StoreException.BadRequest($"invalid field selector: '{part}' is not of the form field=value");
            }

            if (kind.FieldValue(probe, term.Field) is null)
            {
                throw StoreException.BadRequest($"field label not supported: {term.Field}");
            }

            terms.Add(term);
        }

        return new FieldSelector(terms);
    }

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>The value that an equality term requires for a field, or null (used to pick an index).</summary>
    public string? RequiredValue(string field) => _terms.FirstOrDefault(t => t.Equal && t.Field == field)?.Value;

    public bool Matches(ResourceKind kind, IKubernetesObject<V1ObjectMeta> value)
    {
        foreach (var t in _terms)
        {
            var actual = kind.FieldValue(value, t.Field) ?? string.Empty;
            if ((actual == t.Value) != t.Equal)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Term(string Field, string Value, bool Equal);
}
