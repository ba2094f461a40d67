using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Reflow.Server.Hosting;

/// <summary>Reads the TLS certificate of <see cref="ReflowServerOptions.CertificatePath"/>: PFX (PKCS#12) or PEM.</summary>
internal static class ServerCertificate
{
    /// <summary>The certificate with its private key, or null when the options ask for no TLS.</summary>
    /// <exception cref="ReflowServerException">A file is missing or cannot be read as a certificate with a private key.</exception>
    public static X509Certificate2? Load(ReflowServerOptions options)
    {
        if (options.CertificatePath is not { } path)
        {
            if (options.CertificateKeyPath is not null)
            {
                throw new ReflowServerException($"CertificateKeyPath (--certificate-key) {options.CertificateKeyPath} was given without CertificatePath (--certificate): give the PEM certificate it belongs to.");
            }

            return null;
        }

        if (!File.Exists(path))
        {
            throw new ReflowServerException($"CertificatePath (--certificate) {path}: the file does not exist.");
        }

        if (options.CertificateKeyPath is { } key && !File.Exists(key))
        {
            throw new ReflowServerException($"CertificateKeyPath (--certificate-key) {key}: the file does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path)
                ? X509Certificate2.CreateFromPemFile(path, options.CertificateKeyPath) // the key from its own file, or from the certificate's
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw new ReflowServerException(
                $"CertificatePath (--certificate) {path} cannot be read as a PFX file or a PEM certificate with its private key " +
                $"(a PEM key in the same file or in CertificateKeyPath --certificate-key; a PFX password in CertificatePassword): {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ReflowServerException($"CertificatePath (--certificate) {path} has no private key: give the key with CertificateKeyPath (--certificate-key), or a PFX file that holds it.");
        }

        if (OperatingSystem.IsWindows() && IsPem(path))
        {
            // Windows' TLS (SChannel) cannot use the ephemeral key a PEM file loads into: give it a PKCS#12 copy.
            using X509Certificate2 ephemeral = certificate;
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        // PEM is text that starts with (possibly after a comment) a -----BEGIN line; PKCS#12 is DER, binary.
        using var reader = new StreamReader(path);
        var head = new char[4096];
        int read = reader.ReadBlock(head, 0, head.Length);
        return new string(head, 0, read).Contains("-----BEGIN ", StringComparison.Ordinal);
    }
}
