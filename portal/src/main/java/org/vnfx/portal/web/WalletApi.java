package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import org.vnfx.contracts.Licences;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.web3j.crypto.Credentials;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * Transactions for a browser wallet (EIP-1193, e.g. MetaMask) to sign: the key stays in the wallet, and the portal
 * signs nothing. It only prepares what {@link CustomerApi} would otherwise sign itself:
 * <ul>
 *   <li>{@code GET /api/wallet/chain} — the chain id the wallet must be on;
 *   <li>{@code GET /api/wallet/accounts/ADDRESS} — an account's role and status on chain (what the page acts as);
 *   <li>{@code POST /api/wallet/prepare} {@code {"action": "licence.buy"|"ns.instantiate"|"ns.terminate", "from": "0x…",
 *       "args": {"digest": "…"} | {"instance": "0x…"}}} — after the same role gate for {@code from} (403) and the same
 *       pre-flight as {@code from} (a revert: 409 naming the custom error), {@code {from, to, data, value, gas, chainId}}
 *       with quantities as JSON-RPC hex, ready for {@code eth_sendTransaction}.
 * </ul>
 */
final class WalletApi {
    static final String ROOT = "/api/wallet";
    private static final String ACCOUNTS = ROOT + "/accounts/";

    private final Actor user;
    /** Pre-flights as the wallet's account and names the contract in refusals; its own key never signs (any key would do). */
    private final PreflightTransactionManager preflight;
    /** Encodes calls only (encodeFunctionCall): its transaction manager is never asked to send. */
    private final Licences licences;

    WalletApi(Actor user) {
        this.user = user;
        this.preflight = user.chain().signer(Credentials.create("0x" + "01".repeat(32))).knowing(user.record().addresses());
        this.licences = Licences.load(user.record().address("Licences"), user.chain().web3j(), preflight,
                new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
    }

    /** A prepared transaction: what the page hands to {@code eth_sendTransaction}. */
    record Prepared(String from, String to, String data, BigInteger value, BigInteger gas, long chainId, String function) {
        ObjectNode json() {
            return Http.JSON.createObjectNode().put("from", from).put("to", to).put("data", data).put("value", Numeric.toHexStringWithPrefix(value))
                    .put("gas", Numeric.toHexStringWithPrefix(gas)).put("chainId", Numeric.toHexStringWithPrefix(BigInteger.valueOf(chainId)))
                    .put("function", function);
        }
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/chain")) {
            CatalogueApi.requireGet(ex);
            long id = user.chain().chainId();
            Http.json(ex, 200, Http.JSON.createObjectNode().put("chainId", Numeric.toHexStringWithPrefix(BigInteger.valueOf(id))).put("chainIdDecimal", id));
            return true;
        }
        if (path.startsWith(ACCOUNTS) && path.indexOf('/', ACCOUNTS.length()) < 0) {
            CatalogueApi.requireGet(ex);
            Actor.Identity id = user.identity(CustomerApi.address(path.substring(ACCOUNTS.length()), "address"));
            Http.json(ex, 200, Http.JSON.createObjectNode().put("address", id.address()).put("role", id.role().label())
                    .put("status", id.status().name().toLowerCase(Locale.ROOT)).put("acting", id.acting().label()).put("describe", id.describe()));
            return true;
        }
        if (path.equals(ROOT + "/prepare")) {
            ProviderApi.requirePost(ex);
            Http.json(ex, 200, prepare(json(ProviderApi.body(ex, 4096))).json());
            return true;
        }
        return false;
    }

    private static JsonNode json(byte[] body) throws Problem {
        JsonNode n = ProviderApi.json(body);
        if (n == null || !n.isObject()) throw Problem.badRequest("the body is a JSON object: {\"action\": …, \"from\": \"0x…\", \"args\": {…}}");
        return n;
    }

    /** The customer's actions, encoded by the generated wrapper exactly as {@link org.vnfx.ledger.Licensing} sends them. */
    Prepared prepare(JsonNode request) throws Exception {
        String action = request.path("action").asText("");
        String from = CustomerApi.address(request.path("from").asText(""), "from");
        JsonNode args = request.path("args");
        if (!action.equals("licence.buy") && !action.equals("ns.instantiate") && !action.equals("ns.terminate")) {
            throw Problem.badParameter("action", "must be licence.buy, ns.instantiate or ns.terminate; got '" + action + "'");
        }
        // The gate before anything else: a wallet whose account may not act learns so, as the portal's own user would.
        user.require(from, Role.CUSTOMER);
        String data;
        BigInteger value = BigInteger.ZERO;
        if (action.equals("ns.terminate")) {
            data = licences.terminate(CustomerApi.instanceId(args.path("instance").asText(""))).encodeFunctionCall();
        } else {
            byte[] digest = HexFormat.of().parseHex(CatalogueApi.digest(args.path("digest").asText("")));
            if (action.equals("licence.buy")) {
                value = user.licensing().terms(digest).terms().privatePrice();
                data = licences.buy(digest, value).encodeFunctionCall();
            } else {
                data = licences.instantiate(digest).encodeFunctionCall();
            }
        }
        String to = licences.getContractAddress();
        // A refusal throws ContractRevertException here: WebGui answers 409 as for the portal's own actions.
        BigInteger gas = preflight.estimate(from, to, data, value);
        return new Prepared(from, to, data, value, gas, user.chain().chainId(), "Licences." + action.substring(action.indexOf('.') + 1));
    }
}
