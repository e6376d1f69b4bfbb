using System;
using System.Runtime.InteropServices;
using System.Security;
using CXone.Core.Diagnostics;

namespace CXone.PowerShell.Hosting
{
    /// <summary>SecureString in and out of the cmdlets. Every value revealed is registered with <see cref="Redactor.AddSecret"/>.</summary>
    internal static class SecureStrings
    {
        /// <summary>The plain value of <paramref name="secure"/> (null for null), registered with the redactor first.</summary>
        public static string? Reveal(SecureString? secure)
        {
            if (secure is null)
            {
                return null;
            }

            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                var value = Marshal.PtrToStringUni(pointer) ?? string.Empty;
                Redactor.AddSecret(value);
                return value;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        /// <summary>A read-only SecureString holding <paramref name="value"/>.</summary>
        public static SecureString Protect(string value)
        {
            var secure = new SecureString();
            foreach (var c in value ?? string.Empty)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
