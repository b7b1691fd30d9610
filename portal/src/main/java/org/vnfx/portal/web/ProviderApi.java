package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Payout;
import org.vnfx.ledger.policy.PolicyException;
import org.vnfx.ledger.policy.PolicyFile;
import org.vnfx.ledger.policy.UsagePolicy;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.packages.PackageException;
import org.vnfx.packages.csar.Finding;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.vnfpkgm.Onboarding;
import org.vnfx.portal.vnfpkgm.VnfPackage;

/**
 * The provider's actions and view, each action gated by {@link Actor#require}(PROVIDER) before its body is read:
 * <ul>
 *   <li>{@code POST /api/provider/packages?functionType=&pricePerSecond=} — the CSAR as the body, streamed to disk
 *       up to the size limit, then onboarded as {@code vnfx offer publish} does ({@link Onboarding}: verified,
 *       encrypted, stored, advertised); a rejected package answers 422 with the verifier's findings (file, line, rule);
 *   <li>{@code POST /api/provider/offers/DIGEST/terms} — licence terms ({@link Licensing.Terms}, JSON);
 *   <li>{@code POST /api/provider/offers/DIGEST/policy} — a usage policy (YAML, compiled by {@link PolicyFile});
 *   <li>{@code POST /api/provider/offers/DIGEST/retire}, {@code POST /api/provider/withdraw};
 *   <li>{@code GET /api/provider/offers} — the user's offers with status, attestations, deployments, terms, policy.
 * </ul>
 */
final class ProviderApi {
    static final String ROOT = "/api/provider";
    private static final Pattern OFFER_ACTION = Pattern.compile(ROOT + "/offers/([^/]+)/(terms|policy|retire)");
    /** An upload's file name carries the portal process's id, so that a restarted portal knows which ones a dead process left. */
    private static final Pattern UPLOAD_NAME = Pattern.compile("upload-(\\d{1,18})-.*");

    private final Actor user;
    private final Onboarding onboarding;
    private final Path uploads;
    private final long maxBytes;
    private final Trail trail;

    /**
     * @param onboarding the user's own onboarding path (the one the SOL005 API uses)
     * @param uploads    where uploads are written while they are checked (deleted after)
     * @param maxBytes   the largest package accepted
     */
    ProviderApi(Actor user, Onboarding onboarding, Path uploads, long maxBytes) throws IOException {
        this.user = user;
        this.onboarding = onboarding;
        this.uploads = uploads;
        this.maxBytes = maxBytes;
        this.trail = new Trail(user.chain(), user.record());
        removeLeftovers(uploads);
    }

    /**
     * Deletes the partial uploads of portals killed mid-request (kill -9 runs no finally block). Another live portal's
     * uploads in the same folder are left alone: only files of processes that no longer run go.
     */
    static void removeLeftovers(Path uploads) throws IOException {
        if (!Files.isDirectory(uploads)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(uploads, "upload-*")) {
            for (Path f : files) {
                Matcher m = UPLOAD_NAME.matcher(f.getFileName().toString());
                boolean alive = m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) Files.deleteIfExists(f);
            }
        }
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/offers")) {
            CatalogueApi.requireGet(ex);
            Http.json(ex, 200, offers());
            return true;
        }
        if (path.equals(ROOT + "/packages")) {
            requirePost(ex);
            user.require(Role.PROVIDER);
            Http.json(ex, 201, publish(ex));
            return true;
        }
        if (path.equals(ROOT + "/withdraw")) {
            requirePost(ex);
            user.require(Role.PROVIDER);
            Http.json(ex, 200, withdraw());
            return true;
        }
        Matcher m = OFFER_ACTION.matcher(path);
        if (m.matches()) {
            requirePost(ex);
            user.require(Role.PROVIDER);
            byte[] digest = HexFormat.of().parseHex(CatalogueApi.digest(m.group(1)));
            requireOwnOffer(digest);
            switch (m.group(2)) {
                case "terms" -> user.licensing().setTerms(digest, terms(json(body(ex, 4096))));
                case "policy" -> user.policies().attach(digest, policy(new String(body(ex, PolicyFile.MAX_BYTES), StandardCharsets.UTF_8)));
                default -> user.market().retire(digest);
            }
            Http.json(ex, 200, offer(digest));
            return true;
        }
        return false;
    }

    /** A small body (terms, a policy), read whole up to {@code max} bytes. */
    static byte[] body(HttpExchange ex, int max) throws IOException, Problem {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) throw new Problem(413, "Content Too Large", "this body may be at most " + max + " bytes");
            return b;
        }
    }

    static void requirePost(HttpExchange ex) throws Problem {
        if (!ex.getRequestMethod().equals("POST")) throw Problem.methodNotAllowed(ex.getRequestMethod(), "POST");
    }

    // --- publish -------------------------------------------------------------------------------

    private ObjectNode publish(HttpExchange ex) throws Exception {
        Map<String, String> q = Http.query(ex);
        String function = q.getOrDefault("functionType", "").trim();
        if (function.isEmpty()) throw Problem.badParameter("functionType", "is required: the kind of network function, e.g. ids");
        try {
            FunctionType.toBytes32(function);
        } catch (IllegalArgumentException e) {
            throw Problem.badParameter("functionType", e.getMessage());
        }
        BigInteger price = Actor.wei(q.getOrDefault("pricePerSecond", ""), "pricePerSecond");
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, "upload-" + ProcessHandle.current().pid() + "-", ".csar");
        try {
            receive(ex, file);
            VnfPackage.Content c;
            try {
                c = onboarding.onboard(file, Map.of("vnfx", Map.of("functionType", function, "pricePerSecond", price.toString())), null);
            } catch (Onboarding.Failure f) {
                throw rejected(f);
            }
            return offer(HexFormat.of().parseHex(c.sha256())).put("product", c.vnfProductName()).put("version", c.vnfSoftwareVersion())
                    .put("transaction", c.offerTransaction()).put("alreadyOffered", c.offerTransaction() == null);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Streams the body to {@code file}, never more than the limit: a large upload never sits in memory or fills the
     * disk. Past the limit the rest is read and dropped before the 413, so that the answer reaches the client (a
     * server that closes on unread data resets the connection, and the client sees that instead).
     */
    private void receive(HttpExchange ex, Path file) throws IOException, Problem {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody(); OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total <= maxBytes) out.write(buffer, 0, n);
            }
        }
        if (total > maxBytes) throw tooLarge();
        if (total == 0) throw Problem.badRequest("the request has no package: send the CSAR file as the body");
    }

    private Problem tooLarge() {
        return new Problem(413, "Content Too Large", "a package may be at most " + maxBytes + " bytes (" + (maxBytes >> 20) + " MiB)");
    }

    /** The verifier's own findings, each with file, line and rule, so the page shows exactly what `vnfx package verify` prints. */
    static Problem rejected(Onboarding.Failure f) {
        ArrayNode findings = Http.JSON.createArrayNode();
        if (f.getCause() instanceof PackageRejectedException r) {
            for (Finding x : r.report().findings()) {
                findings.addObject().put("severity", x.severity().name().toLowerCase(Locale.ROOT)).put("rule", x.rule()).put("file", x.file())
                        .put("line", x.line()).put("message", x.message()).put("text", x.toString());
            }
        } else if (f.getCause() instanceof PackageException p) {
            findings.addObject().put("severity", "error").put("file", p.file()).put("line", p.line()).put("message", p.problem()).put("text", p.getMessage());
        } else if (f.getCause() instanceof org.vnfx.ledger.tx.ContractRevertException e) {
            return Actor.refused(e);
        }
        return Problem.unprocessable(f.title(), f.getMessage()).with("findings", findings);
    }

    // --- terms and policy ----------------------------------------------------------------------

    /** A body read as JSON (a 400 naming what is wrong when it is not): the request part every role's actions share. */
    static JsonNode json(byte[] body) throws Problem {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw Problem.badRequest("the body is not JSON: " + e.getMessage());
        }
    }

    /** {"public": bool, "trial": {"days": n, "slots": n} | null, "private": {"priceWei": "n", "slots": n} | null}. */
    static Licensing.Terms terms(JsonNode t) throws Problem {
        if (!t.isObject()) throw Problem.badRequest("licence terms are a JSON object with public, trial and private");
        boolean open = t.path("public").asBoolean(false);
        JsonNode trial = t.path("trial");
        JsonNode sale = t.path("private");
        long trialSeconds = 0;
        int trialSlots = 0;
        if (trial.isObject()) {
            trialSeconds = whole(trial.path("days"), "trial.days", 1, 0xFFFF_FFFFL / 86_400) * 86_400;
            trialSlots = (int) whole(trial.path("slots"), "trial.slots", 1, 0xFFFF);
        }
        BigInteger price = BigInteger.ZERO;
        int privateSlots = 0;
        if (sale.isObject()) {
            price = Actor.wei(sale.path("priceWei").asText(""), "private.priceWei");
            privateSlots = (int) whole(sale.path("slots"), "private.slots", 1, 0xFFFF);
        }
        if (!open && trialSlots == 0 && privateSlots == 0) throw Problem.badParameter("public", "or a trial or a private licence must be offered: terms that offer nothing sell nothing");
        try {
            return new Licensing.Terms(open, trialSeconds, trialSlots, price, privateSlots);
        } catch (IllegalArgumentException e) {
            throw Problem.badParameter("private.priceWei", e.getMessage());
        }
    }

    private static long whole(JsonNode n, String name, long min, long max) throws Problem {
        if (!n.canConvertToLong() || !n.isIntegralNumber() && !n.asText().matches("\\d+")) throw Problem.badParameter(name, "must be a whole number from " + min + " to " + max);
        long v = n.asLong();
        if (v < min || v > max) throw Problem.badParameter(name, "must be from " + min + " to " + max + ", got " + v);
        return v;
    }

    /** Compiles the YAML; its error (with the line) is the 422's detail and names the policy as the field. */
    static UsagePolicy policy(String yaml) throws Problem {
        try {
            return PolicyFile.parse("policy", yaml);
        } catch (PolicyException e) {
            throw Problem.badParameter("policy", "is not a usage policy: " + e.getMessage());
        }
    }

    // --- the provider's offers -----------------------------------------------------------------

    private void requireOwnOffer(byte[] digest) throws Exception {
        Offers.Offer o = user.market().offer(digest);
        if (!o.provider.equalsIgnoreCase(user.address())) {
            throw Problem.notFound("you have no offer of package 0x" + HexFormat.of().formatHex(digest));
        }
    }

    private ObjectNode withdraw() throws Exception {
        Payout p = Payout.withdrawAll(user.market(), user.licensing(), user.address());
        if (p.nothing()) throw Problem.conflict("nothing to withdraw: you are owed nothing for sessions or licence sales");
        ObjectNode r = Http.JSON.createObjectNode().put("settlementWei", p.sessions().toString()).put("licenceSalesWei", p.licenceSales().toString());
        if (p.settlementTransaction() != null) r.put("settlementTransaction", p.settlementTransaction());
        if (p.licencesTransaction() != null) r.put("licencesTransaction", p.licencesTransaction());
        return r;
    }

    /**
     * Every offer the user advertised, from the chain's own events (not the catalogue: a new offer shows at once),
     * selected by the node on the indexed provider: the cost follows the user's offers, not the chain's length.
     */
    private ObjectNode offers() throws Exception {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode list = body.putArray("offers");
        for (TrailEvent e : trail.of("Offers", Offers.OFFERADVERTISED_EVENT, null, Trail.topic(user.address()))) {
            list.add(offer(HexFormat.of().parseHex(((String) e.arg("packageDigest")).substring(2))).put("advertisedAt", e.time().toString()));
        }
        body.set("balances", user.balances(user.identity()));
        return body;
    }

    private ObjectNode offer(byte[] digest) throws Exception {
        String hex = "0x" + HexFormat.of().formatHex(digest);
        Offers.Offer o = user.market().offer(digest);
        ObjectNode n = Http.JSON.createObjectNode().put("digest", HexFormat.of().formatHex(digest))
                .put("status", Market.OfferStatus.values()[o.status.intValueExact()].name().toLowerCase(Locale.ROOT))
                .put("functionType", FunctionType.fromBytes32(o.functionType)).put("pricePerSecondWei", o.basePricePerSecond.toString())
                .put("sessions", o.sessions.longValueExact());
        Attestation.Tally t = user.attestation().tally(digest);
        n.putObject("attestations").put("passes", t.passes()).put("fails", t.fails()).put("threshold", t.threshold()).put("listed", t.listed())
                .put("text", t.toString());
        ArrayNode deployments = n.putArray("deployments");
        for (TrailEvent e : trail.of("Orchestration", Orchestration.DEPLOYMENTGRANTED_EVENT, null, null, hex)) {
            BigInteger id = (BigInteger) e.arg("deploymentId");
            deployments.addObject().put("id", id.toString()).put("mec", (String) e.arg("mec")).put("grantedAt", e.time().toString())
                    .put("status", Market.status(user.market().deployment(id)).name().toLowerCase(Locale.ROOT));
        }
        n.set("terms", CatalogueJson.terms(user.licensing().terms(digest)));
        Optional<UsagePolicy> p = user.policies().policy(digest);
        if (p.isPresent()) {
            ArrayNode words = n.putArray("policy");
            p.get().inWords().forEach(words::add);
        }
        return n;
    }
}
