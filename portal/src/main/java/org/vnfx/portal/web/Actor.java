package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.vnfx.contracts.Identities;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.policy.UsagePolicies;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.vnfx.ledger.tx.PreflightTransactionManager;
import org.web3j.crypto.Credentials;

/**
 * The portal's user: the one keystore entry {@code vnfx portal serve --key} unlocked, whose key signs every
 * transaction the pages ask for (it never leaves this machine). Its role is read from the chain at each action, not
 * remembered, so an approval or a revocation takes effect at once. Every role's actions go through {@link #require}
 * before anything is sent, and {@link #refused} turns a pre-flighted revert into a ProblemDetails.
 */
public final class Actor {
    /** Identities.Status, in the contract's order. */
    public enum Status { NONE, PENDING, APPROVED, REVOKED }

    /** The user's identity as the chain holds it now. */
    public record Identity(String address, Role role, Status status, boolean encryptionKey) {
        /** The role it may act in: its registered one while approved, none otherwise. */
        Role acting() {
            return status == Status.APPROVED ? role : Role.NONE;
        }

        /** "a provider", "a provider awaiting approval", "not registered": how the pages name the user. */
        String describe() {
            if (status == Status.NONE) return "not registered";
            String a = article(role.label()) + " " + role.label();
            return switch (status) {
                case PENDING -> a + " awaiting the operator's approval";
                case REVOKED -> a + " whose role was revoked";
                default -> a;
            };
        }
    }

    private final Chain chain;
    private final DeploymentRecord record;
    private final Credentials key;
    private final Market market;
    private final Licensing licensing;
    private final UsagePolicies policies;
    private final Attestation attestation;

    public Actor(Chain chain, DeploymentRecord record, Credentials key) {
        this.chain = chain;
        this.record = record;
        this.key = key;
        this.market = new Market(chain, record, key);
        this.licensing = new Licensing(chain, record, key);
        this.policies = new UsagePolicies(chain, record, key);
        this.attestation = new Attestation(chain, record, key);
    }

    public String address() {
        return key.getAddress();
    }

    Chain chain() {
        return chain;
    }

    DeploymentRecord record() {
        return record;
    }

    Market market() {
        return market;
    }

    /** A signer of the user's own, for what is signed now and sent later ({@link PreflightTransactionManager#sign}). */
    PreflightTransactionManager signer() {
        return chain.signer(key).knowing(record.addresses());
    }

    Licensing licensing() {
        return licensing;
    }

    UsagePolicies policies() {
        return policies;
    }

    Attestation attestation() {
        return attestation;
    }

    Identity identity() throws Exception {
        return identity(address());
    }

    /** Any account's identity as the chain holds it now (a browser wallet's account signs for itself). */
    Identity identity(String account) throws Exception {
        Identities.Identity id = market.identity(account);
        Status status = Status.values()[id.status.intValueExact()];
        boolean key = status != Status.NONE && id.keyPrefix.signum() != 0;
        return new Identity(account, Role.of(id.role), status, key);
    }

    /**
     * The role gate: a 403 naming the role needed and the role held unless the user acts as {@code needed} now.
     * Called before a request's body is read and before anything is signed.
     */
    Identity require(Role needed) throws Exception {
        return require(address(), needed);
    }

    /** The same gate for another account: the one a browser wallet will sign with ({@link WalletApi}). */
    Identity require(String account, Role needed) throws Exception {
        Identity id = identity(account);
        if (id.acting() != needed) {
            throw Problem.forbidden("this action is for " + plural(needed) + "; you (" + account + ") are " + id.describe())
                    .with("requiredRole", needed.label()).with("heldRole", id.role().label()).with("roleStatus", id.status().name().toLowerCase(Locale.ROOT));
        }
        return id;
    }

    /** A call the chain would refuse (pre-flighted: nothing was sent): 409 naming the custom error and its arguments. */
    static Problem refused(ContractRevertException e) {
        ObjectNode args = Http.JSON.createObjectNode();
        for (Map.Entry<String, Object> a : e.arguments().entrySet()) args.put(a.getKey(), a.getValue() instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(a.getValue()));
        return new Problem(409, "Refused by the chain", e.getMessage()).with("error", e.error()).with("function", e.function()).with("arguments", args);
    }

    /** {@code GET /api/me}: who the portal signs as, its role and status on chain, and its balances. */
    ObjectNode me() throws Exception {
        Identity id = identity();
        ObjectNode me = Http.JSON.createObjectNode().put("address", address()).put("role", id.role().label())
                .put("status", id.status().name().toLowerCase(Locale.ROOT)).put("acting", id.acting().label())
                .put("encryptionKey", id.encryptionKey()).put("describe", id.describe());
        me.set("balances", balances(id));
        return me;
    }

    /** Balances that matter for the role: ether for gas always, what a provider is owed, a MEC's or operator's escrow. */
    ObjectNode balances(Identity id) throws Exception {
        ObjectNode b = Http.JSON.createObjectNode().put("etherWei", chain.balance(address()).toString());
        if (id.role() == Role.PROVIDER) {
            b.put("settlementWei", market.balanceOf(address()).toString()).put("licenceSalesWei", licensing.earnings(address()).toString());
        } else if (id.role() == Role.OPERATOR) {
            b.put("escrowWei", market.escrow().toString()).put("owedWei", market.owed().toString());
        }
        return b;
    }

    static String plural(Role r) {
        return r == Role.MEC ? "MEC nodes" : r.label() + "s";
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    static BigInteger wei(String text, String name) throws Problem {
        try {
            BigInteger v = new BigInteger(text.trim());
            if (v.signum() < 0) throw Problem.badParameter(name, "must not be negative");
            return v;
        } catch (NumberFormatException e) {
            throw Problem.badParameter(name, "must be a whole number of wei, got '" + text + "'");
        }
    }
}
