package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.vnfx.packages.csar.CmsSignatures;
import org.vnfx.packages.csar.SignatureInfo;

/**
 * Security option 1 (SOL004 clause 5.2): the CMS block that ends the manifest is a detached signature over the
 * manifest's bytes before it, by a signer whose certificate is in the CMS or in the package's certificate file
 * ({@code ETSI-Entry-Certificate}, or the root {@code .cert} of the manifest's base name), checked with
 * {@link CmsSignatures#verify}. The signature covers the manifest, and the manifest the digest of every other
 * file, so the signature covers the package. Also: a package that must be signed is signed (option 1 or 2).
 */
public final class ManifestSignature implements Rule {
    public static final String ID = "manifest-signature";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) throws IOException {
        ManifestFile mf = ctx.manifest();
        if (mf == null) return;
        String manifest = ctx.manifestPath();
        if (mf.cmsLine() == 0) {
            if (ctx.certificatePath() != null) {
                ctx.warning(ID, ctx.certificatePath(), 0, "a certificate file, but the manifest has no CMS signature block: the package is not signed with security option 1");
            }
            if (ctx.options().requireSignature() && !ctx.signedOutside()) {
                ctx.error(ID, manifest, 0, "not signed; expected a CMS signature block at the end of the manifest (security option 1) or the CSAR in a signed zip (option 2)");
            }
            return;
        }
        if (mf.cms() == null) return; // the syntax rule said what is wrong with the block
        List<X509Certificate> certificates = Certificates.read(ctx, ID, ctx.certificatePath());
        if (certificates == null) return;
        try {
            SignatureInfo info = CmsSignatures.verify(1, ctx.name(manifest), mf.cms(), new CMSProcessableByteArray(mf.signedBytes()), certificates,
                    ctx.options().trusted(), ctx.now());
            ctx.manifestSignature(info);
            if (!info.trusted()) {
                ctx.warning(ID, manifest, mf.cmsLine(), "the CMS signature verifies, but no trusted certificate was given: its signer '"
                        + info.signer() + "' is not authenticated");
            }
        } catch (CmsSignatures.Failure f) {
            ctx.error(ID, manifest, mf.cmsLine(), "CMS signature: " + f.getMessage());
        }
    }
}
