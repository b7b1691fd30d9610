package org.vnfx.portal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.catalogue.LicenceEntry;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.Listing;
import org.vnfx.catalogue.Page;
import org.vnfx.catalogue.VerificationEntry;
import org.vnfx.ledger.Licensing;
import org.vnfx.portal.http.Http;

/**
 * The catalogue's records as the web GUI reads them. Wei amounts are strings: they pass 2^53, where JavaScript
 * numbers stop being exact. Times are ISO-8601 UTC; enum values are their names.
 */
final class CatalogueJson {
    private CatalogueJson() {}

    static ObjectNode page(Page<Listing> page) {
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("offset", page.offset()).put("more", page.more());
        ArrayNode items = o.putArray("items");
        for (Listing l : page.items()) items.add(listing(l));
        return o;
    }

    static ObjectNode listing(Listing l) {
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("digest", l.digest()).put("kind", l.kind().name()).put("provider", l.provider()).put("product", l.product())
                .put("version", l.version()).put("descriptorId", l.descriptorId()).put("dialect", l.dialect()).put("description", l.description());
        o.putObject("needs").put("vcpuMillis", l.needs().vcpuMillis()).put("memoryMiB", l.needs().memoryMiB()).put("diskMiB", l.needs().diskMiB());
        o.put("sizeBytes", l.sizeBytes()).put("onboardedAt", l.onboardedAt().toString()).put("functionType", l.functionType())
                .put("offerStatus", l.offerStatus() == null ? null : l.offerStatus().name())
                .put("pricePerSecondWei", l.pricePerSecondWei() == null ? null : l.pricePerSecondWei().toString())
                .put("reputation", l.reputation()).put("sessions", l.sessions());
        ArrayNode types = o.putArray("licenceTypes");
        for (LicenceType t : l.licenceTypes()) types.add(t.name());
        return o;
    }

    /**
     * One package: its listing (null when it is not listed: it failed verification or lost to another package of the
     * same product and version), its descriptor, verification records, acquired licences and licence terms.
     */
    static ObjectNode detail(String digest, CatalogueEntry entry, List<VerificationEntry> verifications, ObjectNode terms)
            throws JsonProcessingException {
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("digest", digest);
        o.set("listing", entry == null ? null : listing(entry.listing()));
        o.set("descriptor", entry == null ? null : Http.JSON.readTree(entry.documentJson()));
        ArrayNode checks = o.putArray("verifications");
        for (VerificationEntry v : verifications) {
            ObjectNode c = checks.addObject().put("verifier", v.verifier()).put("passed", v.passed()).put("verifiedAt", v.verifiedAt().toString());
            v.signers().forEach(c.putArray("signers")::add);
            v.findings().forEach(c.putArray("findings")::add);
        }
        ArrayNode licences = o.putArray("licences");
        if (entry != null) {
            for (LicenceEntry l : entry.licences()) {
                licences.addObject().put("id", l.id()).put("customer", l.customer()).put("type", l.type().name())
                        .put("paymentReference", l.paymentReference()).put("paidWei", l.paidWei().toString()).put("acquiredBlock", l.acquiredBlock())
                        .put("acquiredAt", l.acquiredAt().toString());
            }
        }
        o.set("licenceTerms", terms);
        return o;
    }

    /** Terms as set on chain; {@code set: false} when the provider has set none (nobody can acquire a licence yet). */
    static ObjectNode terms(Licensing.PackageTerms pt) {
        ObjectNode o = Http.JSON.createObjectNode().put("set", pt.set());
        if (!pt.set()) return o;
        Licensing.Terms t = pt.terms();
        o.put("provider", pt.provider()).put("public", t.open());
        if (t.trial()) o.putObject("trial").put("seconds", t.trialSeconds()).put("slots", t.trialSlots());
        if (t.privateSale()) o.putObject("private").put("priceWei", t.privatePrice().toString()).put("slots", t.privateSlots());
        return o;
    }

    /** Terms that could not be read (the chain is unreachable): the page says so instead of failing whole. */
    static ObjectNode termsUnavailable(String why) {
        return Http.JSON.createObjectNode().put("error", why);
    }
}
