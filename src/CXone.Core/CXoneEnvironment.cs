namespace CXone.Core
{
    /// <summary>
    /// The CXone environments with a well-known issuer (docs/cxone-api.md section 1). Any other issuer (a
    /// sovereign cloud, the emulator) is passed as <see cref="CXoneSessionOptions.Issuer"/>.
    /// </summary>
    public enum CXoneEnvironment
    {
        /// <summary>The global platform: issuer <c>https://cxone.niceincontact.com</c> (the default).</summary>
        Global,

        /// <summary>The US government platform: issuer <c>https://cxone-gov.niceincontact.com</c>.</summary>
        FedRAMP,
    }
}
