using System;
using System.Globalization;
using System.Management.Automation;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Turns an empty or blank string (an empty cell of Import-Csv or ConvertFrom-Csv) into null before PowerShell
    /// converts the value, so that a nullable number parameter reads "not given" instead of PowerShell's 0. Every
    /// other value passes through unchanged (PowerShell converts <c>"5"</c> to 5 as usual).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EmptyAsNullAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Null for an empty or blank string; otherwise <paramref name="inputData"/>.</summary>
        /// <param name="engineIntrinsics">Unused.</param>
        /// <param name="inputData">The value being bound.</param>
        /// <returns>The value to bind.</returns>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            return value is string text && string.IsNullOrWhiteSpace(text) ? null : inputData;
        }
    }

    /// <summary>
    /// Reads a yes/no value the way a table cell holds it: <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>,
    /// <c>yes</c>/<c>no</c> (any case), an empty cell as null (not given). PowerShell alone refuses every string for
    /// a Boolean parameter, and a plain conversion would read the text <c>false</c> as true.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class BooleanTextAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The Boolean a string names, null for an empty cell; any other value passes through.</summary>
        /// <param name="engineIntrinsics">Unused.</param>
        /// <param name="inputData">The value being bound.</param>
        /// <returns>The value to bind.</returns>
        /// <exception cref="ArgumentTransformationMetadataException">The text names no Boolean (for example <c>maybe</c>).</exception>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (!(value is string text))
            {
                return inputData;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "":
                    return null;
                case "true":
                case "$true":
                case "yes":
                case "1":
                    return true;
                case "false":
                case "$false":
                case "no":
                case "0":
                    return false;
                default:
                    throw new ArgumentTransformationMetadataException(string.Format(
                        CultureInfo.InvariantCulture,
                        "'{0}' is not a yes/no value: write true or false (1 or 0, yes or no), or leave the cell empty to keep the current value.",
                        text.Length > 40 ? text.Substring(0, 40) + "..." : text));
            }
        }
    }
}
