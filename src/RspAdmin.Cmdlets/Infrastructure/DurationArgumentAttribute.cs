using System.Globalization;
using System.Management.Automation;
using RspAdmin.Core.Config;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// The one way time parameters read what an operator types: a number is seconds (<c>30</c>), a string is a
/// number of seconds, a TimeSpan (<c>'00:05:00'</c>) or a duration as Nublado's configuration writes one
/// (<c>'5m'</c>, <c>'1h30m'</c>, <c>'PT5M'</c>), and a TimeSpan is taken as it is. Values below
/// <see cref="MinimumSeconds"/> are refused with a message that says the unit and the minimum.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>Creates the attribute with the smallest duration the parameter accepts, in seconds.</summary>
    public DurationArgumentAttribute(double minimumSeconds = 1)
    {
        MinimumSeconds = minimumSeconds;
    }

    /// <summary>The smallest duration accepted, in seconds.</summary>
    public double MinimumSeconds { get; }

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        if (value is null)
        {
            return null;
        }

        var duration = Read(value)
            ?? throw new ArgumentTransformationMetadataException(
                $"'{value}' is not a duration: give seconds (30), a TimeSpan ('00:05:00') or a duration such as '5m' or '1h30m'.");
        if (duration.TotalSeconds < MinimumSeconds)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{value}' is {Describe(duration)}; the shortest accepted is {Describe(TimeSpan.FromSeconds(MinimumSeconds))} (a bare number is seconds).");
        }

        return duration;
    }

    private static string Describe(TimeSpan duration) =>
        duration.Duration() < TimeSpan.FromMinutes(1)
            ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : LabImageDuration.Format(duration);

    /// <summary>The duration <paramref name="value"/> stands for, or null.</summary>
    public static TimeSpan? Read(object value)
    {
        switch (value)
        {
            case TimeSpan span:
                return span;
            case int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal:
                var seconds = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
            case string text:
                text = text.Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return Read(number);
                }

                if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                return LabImageDuration.TryParse(text, out var duration) ? duration : null;
            default:
                return null;
        }
    }
}
