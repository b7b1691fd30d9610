package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.Catalogue;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Offers;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.trail.Trail;
import org.vnfx.ledger.trail.TrailEvent;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The customer's actions and view, each action gated by {@link Actor#require}(CUSTOMER) before its body is read and
 * signed with the portal's key, as {@code vnfx licence buy} and {@code vnfx ns instantiate|terminate} do:
 * <ul>
 *   <li>{@code GET /api/customer/offers?account=} — accepted offers with licence terms, each with what the account holds;
 *   <li>{@code GET /api/customer/licences?account=} — the account's licences (type, expiry, slots) and running instances;
 *   <li>{@code POST /api/customer/offers/DIGEST/buy} — the private licence at the price the terms ask now;
 *   <li>{@code POST /api/customer/offers/DIGEST/instantiate} — a network-service instance (a trial is activated by the first);
 *   <li>{@code POST /api/customer/instances/ID/terminate} — ends an instance and frees its slot.
 * </ul>
 * {@code account} defaults to the portal's user; a page signing with a browser wallet reads the wallet's account
 * (the chain is public: reading needs no role). The same actions for a wallet are prepared by {@link WalletApi}.
 */
final class CustomerApi {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerApi.class);
    static final String ROOT = "/api/customer";
    private static final Pattern OFFER_ACTION = Pattern.compile(ROOT + "/offers/([^/]+)/(buy|instantiate)");
    private static final Pattern TERMINATE = Pattern.compile(ROOT + "/instances/([^/]+)/terminate");

    private final Actor user;
    private final Catalogue catalogue;
    private final Trail trail;

    CustomerApi(Actor user, Catalogue catalogue) {
        this.user = user;
        this.catalogue = catalogue;
        this.trail = new Trail(user.chain(), user.record());
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (path.equals(ROOT + "/offers")) {
            CatalogueApi.requireGet(ex);
            Http.json(ex, 200, offers(account(ex)));
            return true;
        }
        if (path.equals(ROOT + "/licences")) {
            CatalogueApi.requireGet(ex);
            Http.json(ex, 200, licences(account(ex)));
            return true;
        }
        Matcher m = OFFER_ACTION.matcher(path);
        if (m.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.CUSTOMER);
            byte[] digest = HexFormat.of().parseHex(CatalogueApi.digest(m.group(1)));
            Http.json(ex, 200, m.group(2).equals("buy") ? buy(digest) : instantiate(digest));
            return true;
        }
        Matcher t = TERMINATE.matcher(path);
        if (t.matches()) {
            ProviderApi.requirePost(ex);
            user.require(Role.CUSTOMER);
            Http.json(ex, 200, terminate(instanceId(t.group(1))));
            return true;
        }
        return false;
    }

    /** ?account=0x…, the portal's user without it. */
    private String account(HttpExchange ex) throws Problem {
        String a = Http.query(ex).get("account");
        return a == null || a.isBlank() ? user.address().toLowerCase(Locale.ROOT) : address(a, "account");
    }

    static String address(String text, String name) throws Problem {
        String a = text.trim().toLowerCase(Locale.ROOT);
        if (!a.matches("0x[0-9a-f]{40}")) throw Problem.badParameter(name, "must be an account address: 0x and 40 hexadecimal digits; got '" + text + "'");
        return a;
    }

    /** 0x-hex as `vnfx ns instantiate` prints it, or decimal. */
    static BigInteger instanceId(String text) throws Problem {
        try {
            BigInteger id = text.startsWith("0x") ? Numeric.toBigInt(text) : new BigInteger(text);
            if (id.signum() <= 0 || id.bitLength() > 256) throw new NumberFormatException();
            return id;
        } catch (RuntimeException e) {
            throw Problem.badParameter("instance", "must be an instance id (0x and hex digits, or decimal); got '" + text + "'");
        }
    }

    // --- actions, signed with the portal's key -------------------------------------------------

    private ObjectNode buy(byte[] digest) throws Exception {
        TransactionReceipt r = user.licensing().buy(digest);
        return Http.JSON.createObjectNode().put("digest", HexFormat.of().formatHex(digest)).put("transaction", r.getTransactionHash())
                .set("licence", licence(user.licensing().licence(user.address(), digest), now()));
    }

    private ObjectNode instantiate(byte[] digest) throws Exception {
        TransactionReceipt r = user.licensing().instantiate(digest);
        Licensing.Instance i = Licensing.instanceOf(r);
        ObjectNode o = Http.JSON.createObjectNode().put("digest", HexFormat.of().formatHex(digest)).put("transaction", r.getTransactionHash());
        o.putObject("instance").put("id", i.hex()).put("kind", lower(i.kind()));
        var trial = Licences.getTrialActivatedEvents(r);
        if (!trial.isEmpty()) o.put("trialActivatedUntil", Instant.ofEpochSecond(trial.get(0).expiry.longValueExact()).toString());
        return o;
    }

    private ObjectNode terminate(BigInteger id) throws Exception {
        TransactionReceipt r = user.licensing().terminate(id);
        return Http.JSON.createObjectNode().put("instance", Licensing.Instance.of(id).hex()).put("transaction", r.getTransactionHash());
    }

    // --- what the chain holds ------------------------------------------------------------------

    /** Accepted offers whose provider set terms that offer something, found from the chain's TermsSet events. */
    private ObjectNode offers(String account) throws Exception {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        for (TrailEvent e : trail.of("Licences", Licences.TERMSSET_EVENT)) {
            String d = ((String) e.arg("packageDigest")).substring(2);
            digests.putIfAbsent(d, HexFormat.of().parseHex(d));
        }
        long now = now();
        ObjectNode body = Http.JSON.createObjectNode().put("account", account);
        ArrayNode list = body.putArray("offers");
        for (Map.Entry<String, byte[]> d : digests.entrySet()) {
            Offers.Offer o = user.market().offer(d.getValue());
            if (Market.OfferStatus.values()[o.status.intValueExact()] != Market.OfferStatus.ACCEPTED) continue;
            Licensing.PackageTerms terms = user.licensing().terms(d.getValue());
            if (!terms.set() || terms.terms().kinds() == 0) continue;
            Licensing.Licence held = user.licensing().licence(account, d.getValue());
            ObjectNode n = named(d.getKey(), FunctionType.fromBytes32(o.functionType)).put("provider", o.provider.toLowerCase(Locale.ROOT));
            n.set("terms", CatalogueJson.terms(terms));
            n.set("licence", licence(held, now));
            n.put("instantiateUses", uses(terms.terms(), held));
            list.add(n);
        }
        return body;
    }

    /**
     * The licence an instantiation would take now, by the contract's own order (bought private, else public, else the
     * trial): what the page names on its button. The contract decides; this only labels.
     */
    private static String uses(Licensing.Terms t, Licensing.Licence l) {
        if (l.bought()) return "private";
        if (t.open()) return "public";
        if (l.trialActivated() || t.trial()) return "trial";
        return null;
    }

    /** The account's licences (bought or trial activated) and its running instances, from Licences' events. */
    private ObjectNode licences(String account) throws Exception {
        // The node selects the account's events by their indexed customer topic: no scan of the whole trail.
        String me = Trail.topic(account);
        Set<String> held = new LinkedHashSet<>();
        for (TrailEvent e : trail.of("Licences", Licences.LICENCEACQUIRED_EVENT, null, me)) held.add(((String) e.arg("packageDigest")).substring(2));
        for (TrailEvent e : trail.of("Licences", Licences.TRIALACTIVATED_EVENT, null, me)) held.add(((String) e.arg("packageDigest")).substring(2));
        Map<BigInteger, TrailEvent> started = new LinkedHashMap<>();
        for (TrailEvent e : trail.of("Licences", Licences.INSTANCESTARTED_EVENT, null, null, me)) started.put((BigInteger) e.arg("instanceId"), e);
        Set<BigInteger> ended = new HashSet<>();
        for (TrailEvent e : trail.of("Licences", Licences.INSTANCEENDED_EVENT, null, null, me)) ended.add((BigInteger) e.arg("instanceId"));
        long now = now();
        ObjectNode body = Http.JSON.createObjectNode().put("account", account).put("chainTime", Instant.ofEpochSecond(now).toString());
        ArrayNode licences = body.putArray("licences");
        for (String d : held) {
            Licensing.Licence l = user.licensing().licence(account, HexFormat.of().parseHex(d));
            ObjectNode about = named(d, FunctionType.fromBytes32(user.market().offer(HexFormat.of().parseHex(d)).functionType));
            if (l.bought()) {
                licences.add(about.deepCopy().put("type", "private").put("acquiredAt", time(l.acquiredAt())).put("paidWei", l.paid().toString())
                        .putNull("expiresAt").put("expired", false).put("slots", l.privateSlots()).put("inUse", l.privateInUse()));
            }
            if (l.trialActivated()) {
                licences.add(about.deepCopy().put("type", "trial").put("acquiredAt", time(l.trialStart())).put("paidWei", "0")
                        .put("expiresAt", time(l.trialExpiry())).put("expired", now >= l.trialExpiry()).put("slots", l.trialSlots())
                        .put("inUse", l.trialInUse()));
            }
        }
        ArrayNode instances = body.putArray("instances");
        for (Map.Entry<BigInteger, TrailEvent> s : started.entrySet()) {
            if (ended.contains(s.getKey())) continue;
            Licensing.Instance i = Licensing.Instance.of(s.getKey());
            String d = ((String) s.getValue().arg("packageDigest")).substring(2);
            instances.add(named(d, FunctionType.fromBytes32(user.market().offer(HexFormat.of().parseHex(d)).functionType))
                    .put("id", i.hex()).put("kind", lower(i.kind())).put("startedAt", s.getValue().time().toString())
                    .put("transaction", s.getValue().transaction()));
        }
        body.put("etherWei", user.chain().balance(account).toString());
        return body;
    }

    /** Held licence fields as the offers list shows them next to the terms. */
    private static ObjectNode licence(Licensing.Licence l, long now) {
        ObjectNode o = Http.JSON.createObjectNode().put("bought", l.bought()).put("trialActivated", l.trialActivated());
        if (l.bought()) o.putObject("private").put("acquiredAt", time(l.acquiredAt())).put("paidWei", l.paid().toString())
                .put("slots", l.privateSlots()).put("inUse", l.privateInUse());
        if (l.trialActivated()) o.putObject("trial").put("expiresAt", time(l.trialExpiry())).put("expired", now >= l.trialExpiry())
                .put("slots", l.trialSlots()).put("inUse", l.trialInUse());
        return o;
    }

    /** The digest with its function type and, when the catalogue lists the package, its product name and version. */
    private ObjectNode named(String digest, String functionType) {
        ObjectNode n = Http.JSON.createObjectNode().put("digest", digest).put("functionType", functionType);
        try {
            Optional<CatalogueEntry> e = catalogue.entry(digest);
            if (e.isPresent()) n.put("product", e.get().listing().product()).put("version", e.get().listing().version());
        } catch (RuntimeException e) {
            // The name is a courtesy: an offer the catalogue does not know (or cannot answer for) still shows by its digest.
            LOG.debug("no catalogue entry for 0x{}", digest, e);
        }
        return n;
    }

    /** The chain's time (the latest block's), against which trials expire: anvil's clock may run ahead of this machine's. */
    private long now() throws Exception {
        return user.chain().blockTime(user.chain().blockNumber()).getEpochSecond();
    }

    private static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    private static String lower(Licensing.Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
