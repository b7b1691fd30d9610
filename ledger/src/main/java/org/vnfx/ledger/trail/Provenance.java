package org.vnfx.ledger.trail;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the chain says about one package (DESIGN.md flow 6): who published it and when, its usage policy and
 * derivations, which validators attested what, who accepted it, which licences were sold, where it was deployed
 * and how its reputation moved. Built from the {@link Trail} alone.
 *
 * @param digest      the package digest, 0x-prefixed lowercase
 * @param published   the advertisement, or null when the package was never published on this chain
 * @param events      every event that concerns it, in chain order: those naming the digest, and those of the
 *                    deployments granted with it
 * @param deployments the deployments granted with it, in order
 */
public record Provenance(String digest, TrailEvent published, List<TrailEvent> events, List<BigInteger> deployments) {
    public Provenance {
        events = List.copyOf(events);
        deployments = List.copyOf(deployments);
    }

    public static Provenance of(Trail trail, String packageDigest) throws IOException {
        String digest = (String) Trail.subject(packageDigest);
        List<TrailEvent> all = trail.all();
        Set<BigInteger> granted = new HashSet<>();
        List<BigInteger> deployments = new ArrayList<>();
        for (TrailEvent e : all) {
            if (e.contract().equals("Orchestration") && e.event().equals("DeploymentGranted") && digest.equals(e.arg("offer"))) {
                BigInteger id = (BigInteger) e.arg("deploymentId");
                if (granted.add(id)) deployments.add(id);
            }
        }
        List<TrailEvent> mine = new ArrayList<>();
        TrailEvent published = null;
        for (TrailEvent e : all) {
            boolean ofDeployment = e.contract().equals("Orchestration") && e.args().get("deploymentId") instanceof BigInteger id && granted.contains(id);
            if (!e.mentions(digest) && !ofDeployment) continue;
            mine.add(e);
            if (published == null && e.event().equals("OfferAdvertised")) published = e;
        }
        return new Provenance(digest, published, mine, deployments);
    }

    public boolean known() {
        return published != null;
    }

    /** The events of one kind, e.g. ("Offers", "ReputationUpdated"). */
    public List<TrailEvent> events(String contract, String event) {
        List<TrailEvent> out = new ArrayList<>();
        for (TrailEvent e : events) if (e.contract().equals(contract) && e.event().equals(event)) out.add(e);
        return out;
    }

    /** The package's own events naming it in a given role, e.g. a derivation where it is the parent. */
    public List<TrailEvent> where(String contract, String event, String argument) {
        List<TrailEvent> out = new ArrayList<>();
        for (TrailEvent e : events(contract, event)) if (digest.equals(String.valueOf(e.args().get(argument)).toLowerCase(Locale.ROOT))) out.add(e);
        return out;
    }
}
