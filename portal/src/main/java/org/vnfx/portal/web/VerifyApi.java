package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.policy.UsagePolicy;
import org.vnfx.ledger.trail.BytesVerdict;
import org.vnfx.ledger.trail.Provenance;
import org.vnfx.ledger.trail.Timeline;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.packages.csar.SignatureInfo;
import org.vnfx.packages.csar.VerifiedCsar;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Provenance for anyone, from the chain alone: the answer of {@code vnfx verify FILE|DIGEST} as JSON for the Verify page.
 * <ul>
 *   <li>{@code GET /api/verify/DIGEST} — what the chain says of the package: publication, policy, derivations and the
 *       timeline ({@link Timeline}: attestations, decisions, licences, deployments, reputation steps);
 *   <li>{@code POST /api/verify?name=FILE} with the package as the body — the same, for the bytes' SHA-256, computed
 *       here while the upload streams to a scratch file (never held in memory), plus whether the bytes are GENUINE,
 *       TAMPERED or UNKNOWN ({@link BytesVerdict}) and whose signatures they carry.
 * </ul>
 * A package the chain never saw is an answer too ({@code known: false}), not a 404: "unknown" is what was asked.
 */
final class VerifyApi {
    static final String ROOT = "/api/verify";
    /** Largest upload verified; a package larger than this is refused before it fills the disk. */
    static final long MAX_BYTES = 1L << 30;

    private final SuiteOnChain suite;
    private final long maxBytes;
    private final Credentials nobody;

    VerifyApi(SuiteOnChain suite, long maxBytes) throws Exception {
        this.suite = suite;
        this.maxBytes = maxBytes;
        this.nobody = Credentials.create(Keys.createEcKeyPair()); // reads only: this account never signs
    }

    /** Answers a request under {@link #ROOT}; false when the path is none of this API's. */
    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT)) {
            if (!ex.getRequestMethod().equals("POST")) throw Problem.methodNotAllowed(ex.getRequestMethod(), "POST");
            Http.json(ex, 200, upload(ex));
            return true;
        }
        if (path.startsWith(ROOT + "/") && path.indexOf('/', ROOT.length() + 1) < 0) {
            CatalogueApi.requireGet(ex);
            if (!Http.query(ex).isEmpty()) throw Problem.badParameter(Http.query(ex).keySet().iterator().next(), "is not a parameter of a verification");
            String digest = CatalogueApi.digest(path.substring(ROOT.length() + 1));
            Http.json(ex, 200, report(provenance("0x" + digest)));
            return true;
        }
        return false;
    }

    private ObjectNode upload(HttpExchange ex) throws Exception {
        Map<String, String> query = Http.query(ex);
        for (String p : query.keySet()) if (!p.equals("name")) throw Problem.badParameter(p, "is not a parameter of a verification (only name)");
        String name = query.getOrDefault("name", "the uploaded file");
        if (name.isBlank() || name.length() > 255) throw Problem.badParameter("name", "must be a file name of 1 to 255 characters");
        long declared = ex.getRequestHeaders().getFirst("Content-Length") == null ? -1 : parseLength(ex.getRequestHeaders().getFirst("Content-Length"));
        if (declared > maxBytes) throw tooLarge();
        Path scratch = Files.createTempFile("vnfx-verify-", ".csar");
        try {
            String sha256 = receive(ex.getRequestBody(), scratch);
            if (Files.size(scratch) == 0) throw Problem.badParameter("file", "is empty: send the package's bytes as the request body");
            Provenance p = provenance("0x" + sha256);
            VerifiedCsar csar = null;
            String rejected = null;
            try {
                csar = new CsarVerifier().verify(scratch, name);
            } catch (PackageRejectedException e) {
                rejected = e.getMessage();
            }
            BytesVerdict verdict = BytesVerdict.of(p.known(), rejected);
            ObjectNode o = report(p);
            ObjectNode file = o.putObject("file").put("name", name).put("sizeBytes", Files.size(scratch)).put("verdict", verdict.name())
                    .put("sentence", verdict.sentence(name, rejected)).put("sol004Failure", rejected);
            ArrayNode sigs = file.putArray("signatures");
            if (csar != null) {
                for (SignatureInfo s : csar.signatures()) {
                    // The portal has no trust anchors of the user's: a signature is intact, its signer not authenticated.
                    sigs.addObject().put("option", s.option()).put("signer", s.signer()).put("issuer", s.issuer()).put("trusted", s.trusted());
                }
            }
            file.put("signed", csar == null ? null : !csar.signatures().isEmpty());
            return o;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** Streams the body to {@code scratch}, hashing as it goes; refuses it as soon as it passes the limit. */
    private String receive(InputStream body, Path scratch) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = body; OutputStream out = new DigestOutputStream(Files.newOutputStream(scratch), sha)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBytes) throw tooLarge();
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private Problem tooLarge() {
        return new Problem(413, "Content Too Large", "file is larger than the " + (maxBytes >> 20) + " MiB this portal verifies");
    }

    private static long parseLength(String header) throws Problem {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest("Content-Length is not a number: " + header);
        }
    }

    private Provenance provenance(String digest) throws Exception {
        return Provenance.of(new Trail(suite.chain(), suite.record()), digest);
    }

    /** What the chain says of the package; {@code known: false} and nothing else when it was never published here. */
    private ObjectNode report(Provenance p) throws Exception {
        ObjectNode o = Http.JSON.createObjectNode().put("digest", p.digest()).put("known", p.known());
        if (!p.known()) {
            o.put("sentence", "UNKNOWN: no package with this digest was ever published on this chain");
            return o;
        }
        TrailEvent pub = p.published();
        o.putObject("publication").put("provider", (String) pub.arg("provider")).put("time", pub.time().toString()).put("block", pub.block())
                .put("transaction", pub.transaction()).put("offer", Timeline.offer(pub));
        Optional<UsagePolicy> policy = new UsagePolicies(suite.chain(), suite.record(), nobody).policy(HexFormat.of().parseHex(p.digest().substring(2)));
        ArrayNode words = o.putArray("policy");
        if (policy.isEmpty()) words.add("None: every action is allowed.");
        else policy.get().inWords().forEach(words::add);
        ArrayNode deployments = o.putArray("deployments");
        for (BigInteger id : p.deployments()) deployments.addObject().put("id", id.toString()).put("words", "#" + id + Timeline.deployment(p, id));
        ArrayNode reputation = o.putArray("reputation");
        for (TrailEvent e : p.events("Offers", "ReputationUpdated")) {
            reputation.addObject().put("session", e.arg("sessions").toString()).put("reputation", e.arg("reputation").toString())
                    .put("text", Timeline.reputation((BigInteger) e.arg("reputation")));
        }
        ArrayNode timeline = o.putArray("timeline");
        for (Timeline.Step s : Timeline.of(p).steps()) {
            timeline.add(TrailJson.event(s.event()).put("kind", s.kind().name()).put("words", s.words()));
        }
        return o;
    }

}
