package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vnfx.contracts.Orchestration;
import org.vnfx.contracts.Settlement;
import org.vnfx.crypto.DurableFile;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.vnfx.ledger.view.MarketView;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The operator's actions and view, each action gated by {@link Actor#require}(OPERATOR) before its body is read; the
 * chain's own checks (attestation threshold, offer and deployment status, escrow) answer 409 through {@link Actor#refused}:
 * <ul>
 *   <li>{@code GET /api/operator/overview} — {@link MarketView}: offers with their validators' tally and requirements,
 *       identities, MEC nodes' free resources, the latest deployments, escrow and what each provider is owed;
 *   <li>{@code POST /api/operator/offers/DIGEST/accept|reject} — {@link Market#accept}, {@link Market#reject};
 *   <li>{@code POST /api/operator/identities/ADDRESS/approve|revoke} — {@link Market#approve}, {@link Market#revoke};
 *   <li>{@code POST /api/operator/deployments/ID/settle} — {@link Market#settle}: pays a session whose payment was
 *       deferred at uninstall because escrow was short;
 *   <li>{@code POST /api/operator/escrow/deposit|reclaim} {@code {"amountWei": "n"}} — {@link Market#deposit},
 *       {@link Market#reclaim} (to the operator's own account). With an {@code Idempotency-Key} header the action
 *       happens at most once per key: see {@link #escrowOnce}.
 * </ul>
 * Each action answers its transaction and the part of the overview it changed, read again from the chain.
 */
final class OperatorApi {
    static final String ROOT = "/api/operator";
    /** Deployments listed by the overview: the latest ones (each is one contract read). */
    static final int LAST_DEPLOYMENTS = 50;
    private static final Pattern OFFER_ACTION = Pattern.compile(ROOT + "/offers/([^/]+)/(accept|reject)");
    private static final Pattern IDENTITY_ACTION = Pattern.compile(ROOT + "/identities/([^/]+)/(approve|revoke)");
    private static final Pattern SETTLE = Pattern.compile(ROOT + "/deployments/([^/]+)/settle");
    private static final Pattern ESCROW = Pattern.compile(ROOT + "/escrow/(deposit|reclaim)");
    private static final BigDecimal WAD = BigDecimal.TEN.pow(18);
    /** What an Idempotency-Key may be: a UUID, or any short token of letters, digits, '-' and '_'. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Actor user;
    /** The escrow transactions signed for an Idempotency-Key, one file per key, kept before they are sent. */
    private final Path sent;

    OperatorApi(Actor user, Path sent) {
        this.user = user;
        this.sent = sent;
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/overview")) {
            CatalogueApi.requireGet(ex);
            Http.json(ex, 200, overview(view()));
            return true;
        }
        Matcher m = OFFER_ACTION.matcher(path);
        if (m.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.OPERATOR);
            String digest = CatalogueApi.digest(m.group(1));
            byte[] bytes = HexFormat.of().parseHex(digest);
            TransactionReceipt r = m.group(2).equals("accept") ? user.market().accept(bytes) : user.market().reject(bytes);
            ObjectNode body = done(r);
            body.set("offer", find(overview(view()).path("offers"), "digest", digest));
            Http.json(ex, 200, body);
            return true;
        }
        m = IDENTITY_ACTION.matcher(path);
        if (m.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.OPERATOR);
            String account = CustomerApi.address(m.group(1), "address");
            TransactionReceipt r = m.group(2).equals("approve") ? user.market().approve(account) : user.market().revoke(account);
            ObjectNode body = done(r);
            body.set("identity", find(overview(view()).path("identities"), "address", account));
            Http.json(ex, 200, body);
            return true;
        }
        m = SETTLE.matcher(path);
        if (m.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.OPERATOR);
            BigInteger id = deploymentId(m.group(1));
            TransactionReceipt r = user.market().settle(id);
            // What was paid is the contract's own word (its event), not the amount due read before sending.
            ObjectNode body = done(r).put("paidWei", Orchestration.getDeploymentSettledEvents(r).get(0).amount.toString());
            body.set("deployment", deployment(user.market().deployment(id), id));
            body.set("money", overview(view()).path("money"));
            Http.json(ex, 200, body);
            return true;
        }
        m = ESCROW.matcher(path);
        if (m.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.OPERATOR);
            BigInteger amount = amount(ProviderApi.body(ex, 1024));
            String key = idempotencyKey(ex);
            TransactionReceipt r = key != null ? escrowOnce(key, m.group(1), amount)
                    : m.group(1).equals("deposit") ? user.market().deposit(amount) : user.market().reclaim(amount, user.address());
            ObjectNode body = done(r).put("amountWei", amount.toString());
            body.set("money", overview(view()).path("money"));
            Http.json(ex, 200, body);
            return true;
        }
        return false;
    }

    /** The request's Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header), or null without one. */
    static String idempotencyKey(HttpExchange ex) throws Problem {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) return null;
        key = key.strip();
        // Quoted as a structured-field string in the draft; bare tokens are accepted too.
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) key = key.substring(1, key.length() - 1);
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw Problem.badParameter("Idempotency-Key", "must be 1 to 64 letters, digits, '-' or '_' (a UUID will do); got '" + key + "'");
        }
        return key;
    }

    /** What one escrow action signed for a key: enough to send the very same transaction again and to recognise a reuse. */
    record EscrowIntent(String action, String amountWei, String transaction, String raw) {}

    /**
     * A deposit or reclaim done at most once per Idempotency-Key, whatever crashes: the transaction is signed first and
     * kept (with {@link DurableFile}, under {@code sent/ACCOUNT/KEY.json}) before it is sent. A retry with the key — after
     * a lost answer or a portal killed mid-request — sends that same transaction again, which the chain can include only
     * once, and answers as the first request would have. The key reused for another action or amount is refused (422),
     * as is a key whose transaction was replaced by another of the account's (409: retry with a new key).
     */
    private TransactionReceipt escrowOnce(String key, String action, BigInteger amount) throws Exception {
        Path file = sent.resolve(user.address().toLowerCase(Locale.ROOT)).resolve(key + ".json");
        PreflightTransactionManager signer = user.signer();
        EscrowIntent intent;
        synchronized (this) {
            if (Files.exists(file)) {
                intent = Http.JSON.readValue(file.toFile(), EscrowIntent.class);
                if (!intent.action().equals(action) || !intent.amountWei().equals(amount.toString())) {
                    throw Problem.unprocessable("Idempotency-Key reused", "the key '" + key + "' was first used to " + intent.action() + " "
                            + intent.amountWei() + " wei (transaction " + intent.transaction() + "), not to " + action + " " + amount + " wei");
                }
            } else {
                Settlement settlement = user.market().suite().settlement();
                boolean deposit = action.equals("deposit");
                PreflightTransactionManager.Signed tx = signer.sign(settlement.getContractAddress(),
                        deposit ? settlement.deposit(amount).encodeFunctionCall() : settlement.reclaim(amount, user.address()).encodeFunctionCall(),
                        deposit ? amount : BigInteger.ZERO);
                intent = new EscrowIntent(action, amount.toString(), tx.hash(), tx.raw());
                Files.createDirectories(file.getParent());
                DurableFile.write(file, Http.JSON.writeValueAsBytes(intent));
            }
        }
        try {
            signer.broadcast(new PreflightTransactionManager.Signed(intent.transaction(), intent.raw()));
        } catch (PreflightTransactionManager.ReplacedException e) {
            throw Problem.conflict(e.getMessage() + "; nothing was " + (action.equals("deposit") ? "deposited" : "reclaimed")
                    + " for the key '" + key + "': retry with a new key");
        }
        TransactionReceipt r = user.chain().awaitReceipt(intent.transaction());
        if (!r.isStatusOK()) {
            throw Problem.conflict("transaction " + intent.transaction() + " for the key '" + key + "' reverted when mined; nothing was "
                    + (action.equals("deposit") ? "deposited" : "reclaimed"));
        }
        return r;
    }

    private MarketView view() throws Exception {
        return MarketView.read(user.chain(), user.record(), LAST_DEPLOYMENTS);
    }

    // --- request parts -------------------------------------------------------------------------

    static BigInteger deploymentId(String text) throws Problem {
        if (!text.matches("[1-9][0-9]{0,18}")) throw Problem.badParameter("deploymentId", "must be a deployment number (1, 2, …); got '" + text + "'");
        return new BigInteger(text);
    }

    /** {"amountWei": "n"}: a decimal string (wei exceed JSON's safe integers), more than zero. */
    static BigInteger amount(byte[] body) throws Problem {
        JsonNode j = ProviderApi.json(body);
        if (j == null || !j.isObject() || !j.hasNonNull("amountWei")) throw Problem.badParameter("amountWei", "is required: {\"amountWei\": \"1000\"}");
        BigInteger v = Actor.wei(j.get("amountWei").asText(""), "amountWei");
        if (v.signum() == 0) throw Problem.badParameter("amountWei", "must be more than zero");
        return v;
    }

    private static ObjectNode done(TransactionReceipt r) {
        return Http.JSON.createObjectNode().put("transaction", r.getTransactionHash()).put("gasUsed", r.getGasUsed().longValueExact());
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) if (n.path(field).asText().equalsIgnoreCase(value)) return n;
        return Http.JSON.nullNode();
    }

    // --- the overview --------------------------------------------------------------------------

    /** The view as JSON: wei as decimal strings, digests as 64 hex digits (as the provider's API), addresses 0x-prefixed lower case. */
    private ObjectNode overview(MarketView v) throws Exception {
        ObjectNode o = Http.JSON.createObjectNode().put("block", v.block()).put("operator", user.record().operator().toLowerCase(Locale.ROOT));
        ArrayNode offers = o.putArray("offers");
        for (MarketView.OfferState s : v.offers()) offers.add(offer(s));
        ArrayNode identities = o.putArray("identities");
        for (MarketView.Member m : v.members()) {
            identities.addObject().put("address", m.address()).put("role", m.role().label()).put("status", m.status().label())
                    .put("registeredAt", m.registeredAt());
        }
        ArrayNode mecs = o.putArray("mecNodes");
        for (MarketView.MecNode n : v.mecNodes()) {
            ObjectNode mec = mecs.addObject().put("address", n.address()).put("status", n.status().label());
            mec.set("free", needs(n.free()));
        }
        o.put("deploymentCount", v.deploymentCount());
        ArrayNode deployments = o.putArray("deployments");
        // Newest first: the operator looks at what just happened.
        for (int i = v.deployments().size() - 1; i >= 0; i--) deployments.add(deployment(v.deployments().get(i)));
        o.set("money", money(v.money()));
        o.set("balances", user.balances(user.identity()));
        return o;
    }

    private static ObjectNode offer(MarketView.OfferState s) {
        String digest = s.digest().substring(2);
        ObjectNode n = Http.JSON.createObjectNode().put("digest", digest).put("provider", s.provider()).put("functionType", s.function())
                .put("operatorOwned", s.operatorOwned()).put("status", s.status().name().toLowerCase(Locale.ROOT))
                .put("pricePerSecondWei", s.basePricePerSecond().toString()).put("sessions", s.sessions());
        n.put("reputation", new BigDecimal(s.reputation()).divide(WAD, 6, RoundingMode.HALF_EVEN).doubleValue());
        n.set("needs", needs(s.needs()));
        n.putObject("attestations").put("passes", s.tally().passes()).put("fails", s.tally().fails()).put("threshold", s.tally().threshold())
                .put("listed", s.tally().listed()).put("text", s.tally().toString());
        return n;
    }

    private static ObjectNode needs(Requirements r) {
        return Http.JSON.createObjectNode().put("vcpuMillis", r.vcpuMillis()).put("memoryMiB", r.memoryMiB()).put("diskMiB", r.diskMiB());
    }

    private static ObjectNode deployment(MarketView.DeploymentState d) {
        ObjectNode n = Http.JSON.createObjectNode().put("id", d.id().toString()).put("mec", d.mec()).put("functionType", d.function())
                .put("status", d.status().name().toLowerCase(Locale.ROOT));
        if (d.offer() == null) n.putNull("offer");
        else n.put("offer", d.offer().substring(2));
        // Orchestration.settle takes only a deployment uninstalled with its payment deferred (escrow was short).
        return n.put("amountDueWei", d.amountDue().toString()).put("settleable", d.status() == Market.DeploymentStatus.UNINSTALLED);
    }

    private static ObjectNode deployment(Orchestration.Deployment d, BigInteger id) {
        boolean granted = new BigInteger(1, d.offer).signum() != 0;
        String function = FunctionType.fromBytes32(d.functionType);
        return deployment(new MarketView.DeploymentState(id, d.mec.toLowerCase(Locale.ROOT), function, Market.status(d),
                granted ? "0x" + HexFormat.of().formatHex(d.offer) : null, d.amountDue));
    }

    private static ObjectNode money(MarketView.Money m) {
        ObjectNode n = Http.JSON.createObjectNode().put("escrowWei", m.escrow().toString()).put("owedWei", m.owed().toString());
        ArrayNode providers = n.putArray("providers");
        for (MarketView.Earnings e : m.providers()) {
            providers.addObject().put("provider", e.provider()).put("sessionsWei", e.sessions().toString()).put("licenceSalesWei", e.licenceSales().toString());
        }
        return n;
    }
}
