namespace RspAdmin.Testing;

/// <summary>How <see cref="FaultProxy"/> writes the <c>Link: &lt;…&gt;; rel="next"</c> of tag list pages.</summary>
public enum PageLinkStyle
{
    /// <summary><c>&lt;/v2/…/tags/list?n=…&amp;last=…&gt;</c>, as distribution does.</summary>
    Relative,

    /// <summary><c>&lt;http://127.0.0.1:port/v2/…&gt;</c>.</summary>
    Absolute,

    /// <summary>The second page points at another host.</summary>
    CrossHost,

    /// <summary>The second page points at another scheme (https) of the same host.</summary>
    CrossScheme,

    /// <summary>The second page points at itself.</summary>
    Repeated,
}
