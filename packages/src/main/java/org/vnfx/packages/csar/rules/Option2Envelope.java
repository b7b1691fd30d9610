package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cms.CMSProcessableFile;
import org.vnfx.packages.csar.CmsSignatures;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.ZipArchive;

/**
 * Security option 2 (SOL004 clause 5.3): a zip holding {@code NAME.csar}, {@code NAME.cms} (a detached CMS
 * signature over the CSAR's bytes, PEM or DER) and, unless the CMS carries the signer's certificate,
 * {@code NAME.cert}. Takes the CSAR out (into the verifier's scratch folder, within the zip limits) and verifies
 * the signature with {@link CmsSignatures#verify}; the CSAR itself is verified next, as any other.
 */
public final class Option2Envelope implements Rule {
    public static final String ID = "option2-signature";

    @Override
    public String id() {
        return ID;
    }

    /**
     * An archive without TOSCA-Metadata that has a {@code .csar} at its root is an option-2 zip when a {@code .cms}
     * of the same name is beside it or no root YAML makes it a CSAR without TOSCA-Metadata.
     */
    public static boolean applies(CsarContext ctx) {
        if (ctx.files().containsKey(ToscaMetaFile.PATH)) return false;
        List<String> csars = csars(ctx);
        if (csars.isEmpty()) return false;
        boolean signed = csars.stream().anyMatch(c -> ctx.files().containsKey(c.substring(0, c.length() - ".csar".length()) + ".cms"));
        boolean rootYaml = ctx.files().keySet().stream().anyMatch(p -> p.indexOf('/') < 0
                && (p.toLowerCase(Locale.ROOT).endsWith(".yaml") || p.toLowerCase(Locale.ROOT).endsWith(".yml")));
        return signed || !rootYaml;
    }

    private static List<String> csars(CsarContext ctx) {
        return ctx.files().keySet().stream().filter(p -> p.indexOf('/') < 0 && p.toLowerCase(Locale.ROOT).endsWith(".csar")).toList();
    }

    @Override
    public void check(CsarContext ctx) throws IOException {
        List<String> csars = csars(ctx);
        if (csars.size() != 1) {
            ctx.archiveError(ID, "holds " + csars.size() + " CSARs (" + String.join(", ", csars) + "); an option-2 zip holds one, with its .cms signature");
            return;
        }
        String csar = csars.get(0);
        String base = csar.substring(0, csar.length() - ".csar".length());
        String cms = base + ".cms";
        String cert = base + ".cert";
        if (!ctx.files().containsKey(cms)) {
            ctx.archiveError(ID, "holds " + csar + " but no " + cms + "; security option 2 puts a detached CMS signature of the CSAR beside it");
            return;
        }
        List<String> others = new ArrayList<>(ctx.files().keySet());
        others.removeAll(List.of(csar, cms, cert));
        if (!others.isEmpty()) {
            ctx.archiveError(ID, "an option-2 zip holds only " + csar + ", " + cms + " and " + cert + "; it also holds " + String.join(", ", others));
            return;
        }
        Path inner = ctx.scratch().resolve("inner.csar");
        try (InputStream in = ctx.zip().open(ctx.files().get(csar)); OutputStream out = Files.newOutputStream(inner)) {
            in.transferTo(out);
        } catch (ZipArchive.EntryException e) {
            ctx.archiveError(e.rule(), e.getMessage());
            return;
        }
        ctx.inner(inner, csar);

        byte[] signature = ctx.read(ID, cms);
        List<X509Certificate> certificates = Certificates.read(ctx, ID, ctx.files().containsKey(cert) ? cert : null);
        if (signature == null || certificates == null) return;
        byte[] der = der(signature);
        if (der == null) {
            ctx.error(ID, cms, 0, "not a CMS signature: expected DER, or PEM from -----BEGIN CMS----- to -----END CMS-----");
            return;
        }
        try {
            SignatureInfo info = CmsSignatures.verify(2, ctx.name(cms), der, new CMSProcessableFile(inner.toFile()), certificates,
                    ctx.options().trusted(), ctx.now());
            ctx.packageSignature(info);
            if (!info.trusted()) {
                ctx.warning(ID, cms, 0, "the CMS signature of " + csar + " verifies, but no trusted certificate was given: its signer '"
                        + info.signer() + "' is not authenticated");
            }
        } catch (CmsSignatures.Failure f) {
            ctx.error(ID, cms, 0, "CMS signature of " + csar + ": " + f.getMessage());
        }
    }

    /** DER as it is, or the base64 between the first PEM armour lines (CMS or PKCS7); null when neither. */
    static byte[] der(byte[] file) {
        if (file.length > 0 && file[0] == 0x30) return file;
        String text = new String(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) return null;
        int bodyStart = text.indexOf('\n', begin);
        int end = text.indexOf("-----END ", begin);
        if (bodyStart < 0 || end < bodyStart) return null;
        String header = text.substring(begin, bodyStart).strip();
        if (!header.equals("-----BEGIN CMS-----") && !header.equals("-----BEGIN PKCS7-----")) return null;
        try {
            return Base64.getMimeDecoder().decode(text.substring(bodyStart, end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
