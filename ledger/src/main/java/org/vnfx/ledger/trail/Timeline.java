package org.vnfx.ledger.trail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.vnfx.ledger.suite.FunctionType;
import org.web3j.utils.Numeric;

/**
 * A package's {@link Provenance} told step by step in plain words, as {@code vnfx verify} prints it and dPortal's Verify
 * page draws it: each event of the package with what kind of step it is and one line saying what happened.
 *
 * @param steps in chain order
 */
public record Timeline(List<Step> steps) {
    /** What a step is about; the page groups and colours by it. */
    public enum Kind { PUBLICATION, POLICY, DERIVATION, ATTESTATION, DECISION, LICENCE, DEPLOYMENT, REPUTATION, OTHER }

    /** @param words what happened, e.g. "accepted by 0x…" or "reputation 0.855 after session 1" */
    public record Step(Kind kind, String words, TrailEvent event) {}

    /** The Offers contract's status values, by number (OfferStatusChanged.status). */
    private static final String[] STATUS = {"none", "advertised", "accepted", "rejected", "retired"};

    public Timeline {
        steps = List.copyOf(steps);
    }

    public static Timeline of(Provenance p) {
        List<Step> steps = new ArrayList<>();
        for (TrailEvent e : p.events()) steps.add(step(p, e));
        return new Timeline(steps);
    }

    private static Step step(Provenance p, TrailEvent e) {
        String name = e.contract() + "." + e.event();
        return switch (name) {
            case "Offers.OfferAdvertised" -> new Step(Kind.PUBLICATION, published(e), e);
            case "Offers.OfferStatusChanged" -> new Step(Kind.DECISION, decision(e), e);
            case "Offers.ReputationUpdated" -> new Step(Kind.REPUTATION, "reputation " + reputation((BigInteger) e.arg("reputation"))
                    + " after session " + e.arg("sessions") + " (deployment #" + e.arg("deploymentId") + ")", e);
            case "Policies.PolicyAttached" -> new Step(Kind.POLICY, "usage policy attached", e);
            case "Policies.DerivationDeclared" -> new Step(Kind.DERIVATION, p.digest().equals(e.arg("child"))
                    ? "declared derived from " + e.arg("parent") : "derivative " + e.arg("child") + " declared by " + e.arg("provider"), e);
            case "Attestations.Attested" -> new Step(Kind.ATTESTATION, "validator " + attestation(e) + " (reason digest " + e.arg("reasonDigest") + ")", e);
            default -> {
                if (e.contract().equals("Licences")) yield new Step(Kind.LICENCE, "licences " + e.event() + " " + e.args(), e);
                if (e.contract().equals("Orchestration") && e.args().get("deploymentId") != null) {
                    yield new Step(Kind.DEPLOYMENT, "deployment #" + e.arg("deploymentId") + deploymentStep(e), e);
                }
                yield new Step(Kind.OTHER, name + " " + e.args(), e);
            }
        };
    }

    /** "published by PROVIDER, function F, base price P wei/s": the advertisement in words. */
    public static String published(TrailEvent advertised) {
        return "published by " + advertised.arg("provider") + ", " + offer(advertised);
    }

    /** "function F, base price P wei/s": what an OfferAdvertised offers. */
    public static String offer(TrailEvent advertised) {
        return "function " + FunctionType.fromBytes32(Numeric.hexStringToByteArray((String) advertised.arg("functionType")))
                + ", base price " + advertised.arg("basePricePerSecond") + " wei/s";
    }

    /** "accepted by 0x…": an OfferStatusChanged in words. */
    public static String decision(TrailEvent statusChanged) {
        return STATUS[((BigInteger) statusChanged.arg("status")).intValueExact()] + " by " + statusChanged.arg("by");
    }

    /** "0x… attested PASS": an Attested event's validator and verdict. */
    public static String attestation(TrailEvent attested) {
        return attested.arg("validator") + " attested " + (Boolean.TRUE.equals(attested.arg("passed")) ? "PASS" : "FAIL");
    }

    /** One deployment's whole story from its Orchestration events: " granted to MEC at T, instantiated, uninstalled after …". */
    public static String deployment(Provenance p, BigInteger id) {
        StringBuilder b = new StringBuilder();
        for (TrailEvent e : p.events()) {
            if (!e.contract().equals("Orchestration") || !id.equals(e.args().get("deploymentId"))) continue;
            switch (e.event()) {
                case "DeploymentGranted" -> b.append(deploymentStep(e)).append(" at ").append(e.time());
                case "DeploymentInstantiated", "DeploymentUninstalled", "DeploymentSettled" -> b.append(',').append(deploymentStep(e));
                default -> { }
            }
        }
        return b.toString();
    }

    private static String deploymentStep(TrailEvent e) {
        return switch (e.event()) {
            case "DeploymentGranted" -> " granted to " + e.arg("mec");
            case "DeploymentInstantiated" -> Boolean.TRUE.equals(e.arg("success")) ? " instantiated" : " failed to start" + failureCode(e.arg("detail"));
            case "DeploymentUninstalled" -> " uninstalled after " + e.arg("usageSeconds") + " s, " + e.arg("amount") + " wei"
                    + (Boolean.TRUE.equals(e.arg("paid")) ? " paid" : " owed");
            case "DeploymentSettled" -> " settled";
            default -> " " + e.event();
        };
    }

    /** The MEC's reason for a failed instantiation (an ASCII code in a bytes32, e.g. "store-unreachable") as " (code)"; empty if it is not one. */
    static String failureCode(Object detail) {
        String hex = String.valueOf(detail);
        if (hex.startsWith("0x")) hex = hex.substring(2);
        StringBuilder code = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            int c = Integer.parseInt(hex.substring(i, i + 2), 16);
            if (c == 0) break;
            if (c < 0x20 || c > 0x7e) return "";
            code.append((char) c);
        }
        return code.length() == 0 ? "" : " (" + code + ")";
    }

    /** A WAD reputation with three decimals, e.g. 0.855. */
    public static String reputation(BigInteger wad) {
        return new BigDecimal(wad).movePointLeft(18).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
