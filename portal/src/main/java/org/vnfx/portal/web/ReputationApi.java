package org.vnfx.portal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.Catalogue;
import org.vnfx.catalogue.CatalogueEntry;
import org.vnfx.ledger.economics.ReputationHistory;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;

/**
 * {@code GET /api/reputation}: each offer's reputation over its sessions (B-VNF Fig. 4) as {@link ReputationHistory#read}
 * rebuilds it from the chain's events, as {@code vnfx reputation plot} draws it, with the ranking by current reputation.
 * Reputations are WAD fixed point as decimal strings (1.0 = 10^18), exact as on chain. Product names come from the
 * catalogue when it has indexed the package; the chain knows only the digest and the provider's account.
 */
final class ReputationApi {
    private static final Logger LOG = LoggerFactory.getLogger(ReputationApi.class);
    static final String ROOT = "/api/reputation";

    private final SuiteOnChain suite;
    private final Catalogue catalogue;

    ReputationApi(SuiteOnChain suite, Catalogue catalogue) {
        this.suite = suite;
        this.catalogue = catalogue;
    }

    boolean answer(HttpExchange ex, String path) throws Exception {
        if (!path.equals(ROOT)) return false;
        CatalogueApi.requireGet(ex);
        if (!Http.query(ex).isEmpty()) throw Problem.badParameter(Http.query(ex).keySet().iterator().next(), "is not a parameter of the reputation history");
        Http.json(ex, 200, json(ReputationHistory.read(suite.chain(), suite.record())));
        return true;
    }

    private ObjectNode json(ReputationHistory h) {
        ObjectNode o = Http.JSON.createObjectNode().put("chainId", h.chainId()).put("fromBlock", h.fromBlock()).put("toBlock", h.toBlock());
        ArrayNode series = o.putArray("series");
        for (ReputationHistory.Series s : h.series()) {
            ObjectNode j = series.addObject().put("packageDigest", s.packageDigest()).put("functionType", s.functionType()).put("provider", s.provider())
                    .put("operatorOwned", s.operatorOwned()).put("sessions", s.sessions()).put("prior", s.prior().toString())
                    .put("reputation", s.last().reputation().toString());
            name(s.packageDigest()).ifPresent(e -> j.put("product", e.listing().product()).put("version", e.listing().version())
                    .put("providerName", e.listing().provider()));
            ArrayNode points = j.putArray("points");
            for (ReputationHistory.Point p : s.points()) {
                points.addObject().put("session", p.session()).put("deploymentId", p.deploymentId()).put("block", p.block())
                        .put("instantaneous", p.instantaneous() == null ? null : p.instantaneous().toString()).put("reputation", p.reputation().toString());
            }
        }
        // The ranking the orchestrator's reputation order follows: the best current reputation first, more sessions
        // (a better-founded figure) before fewer at a tie, then order of advertisement.
        List<ReputationHistory.Series> ranked = h.series().stream().sorted(Comparator
                .comparing((ReputationHistory.Series s) -> s.last().reputation()).reversed()
                .thenComparing(Comparator.comparingInt(ReputationHistory.Series::sessions).reversed())).toList();
        ArrayNode ranking = o.putArray("ranking");
        ranked.forEach(s -> ranking.add(s.packageDigest()));
        return o;
    }

    /** The catalogue's entry for the digest, when it has one; a catalogue that cannot answer costs the names only. */
    private Optional<CatalogueEntry> name(String digest) {
        try {
            return catalogue.entry(digest.substring(2));
        } catch (Exception e) {
            LOG.warn("the catalogue could not name 0x{}", digest, e);
            return Optional.empty();
        }
    }
}
