package org.vnfx.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.store.Cid;
import org.vnfx.store.LocalArtifactStore;
import org.web3j.crypto.Hash;

/**
 * Validators end to end on a real anvil and a real store: a provider publishes a valid SOL004 CSAR and a plain zip
 * that is no CSAR; the orchestrator shares both keys with the approved validators (one of them approved after the
 * advertisements); two validator agents inspect and attest; with k = 2 the operator can accept the valid package
 * only. A validator whose store does not hold a package yet attests nothing until it does.
 */
class ValidatorScenarioTest {
    static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);

    TestMarket market;
    Path work;
    LocalArtifactStore store;

    @BeforeEach
    void start() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-validator-");
        store = new LocalArtifactStore(work.resolve("store"));
    }

    @AfterEach
    void stop() {
        market.close();
    }

    byte[] publish(Actor provider, Path pkg, String function) throws Exception {
        return PackagePublisher.publish(provider.market(), store, market.operator.encryptionKey(), pkg, function,
                new Requirements(1000, 512, 256), PRICE, PackageCipher.newKey()).terms().packageDigest();
    }

    ValidatorAgent agent(Actor v, org.vnfx.store.ArtifactStore from, List<ValidatorAgent.Report> reports) throws IOException {
        return new ValidatorAgent(market.chain, market.record, v.account(), v.encryption(), from, VerifierOptions.DEFAULT,
                work.resolve(v.name()), reports::add);
    }

    static Map<String, ValidatorAgent.Report> byDigest(List<ValidatorAgent.Report> reports) {
        return reports.stream().collect(Collectors.toMap(r -> HexFormat.of().formatHex(r.packageDigest()), r -> r, (a, b) -> b));
    }

    @Test
    void validatorsAttestAndOnlyTheValidPackageCanBeAccepted() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor early = market.actor("validator-early", Role.VALIDATOR);
        Actor late = market.registered("validator-late", Role.VALIDATOR);
        Attestation operator = new Attestation(market.chain, market.record, market.operator.account());
        operator.setThreshold(2);

        byte[] valid = publish(provider, CsarBuilder.build(Examples.idsLayers(), work.resolve("ids.csar")).file(), "ids");
        byte[] invalid = publish(provider, ProcessPackage.build(Examples.root().resolve("examples/echo-vnf"), work.resolve("echo.zip")), "echo");

        List<Orchestrator.KeyShare> shares = new ArrayList<>();
        try (Orchestrator orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).onKeyShared(shares::add)) {
            orchestrator.catchUp();
            assertEquals(2, shares.size(), "both keys for the one approved validator: " + shares);
            // Approved after the advertisements: it gets both keys on the next pass.
            market.operator.market().approve(late.address());
            orchestrator.catchUp();
            assertEquals(4, shares.size(), "and both for the late one: " + shares);
            // Idempotent: another pass, and a new orchestrator from an empty state folder, share nothing again.
            orchestrator.catchUp();
        }
        try (Orchestrator again = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator-2"), d -> {}).onKeyShared(shares::add)) {
            again.catchUp();
        }
        assertEquals(4, shares.size());
        assertEquals(4, operator.sharedKeys(null, null, market.record.blockNumber()).size(), "four KeyShared events on chain");

        // The early validator reads the provider's store; the late one a store that has nothing yet.
        LocalArtifactStore near = new LocalArtifactStore(work.resolve("near-store"));
        List<ValidatorAgent.Report> earlyReports = new ArrayList<>(), lateReports = new ArrayList<>();
        try (ValidatorAgent a = agent(early, store, earlyReports); ValidatorAgent b = agent(late, near, lateReports)) {
            a.catchUp();
            IOException transientError = assertThrows(IOException.class, b::catchUp);
            assertTrue(transientError.getMessage().contains("does not hold"), transientError.getMessage());
            assertEquals(Attestation.Vote.NONE, operator.vote(valid, late.address()), "no verdict for a package it could not fetch");
            assertEquals(Attestation.Vote.NONE, operator.vote(invalid, late.address()));

            // One pass: k - 1 = 1 pass, the valid package cannot be accepted yet.
            assertEquals(new Attestation.Tally(1, 0, 2, false), operator.tally(valid));
            ContractRevertException notYet = assertThrows(ContractRevertException.class, () -> market.operator.market().accept(valid));
            assertEquals("NotListed", notYet.error());

            // The content reaches the late validator's store (as IPFS would replicate it): its next pass attests.
            for (byte[] d : List.of(valid, invalid)) {
                Offers.Offer o = market.operator.market().offer(d);
                try (InputStream in = store.open(new Cid(o.cidCodec.intValueExact(), o.contentDigest))) {
                    near.put(in);
                }
            }
            long lastShare = operator.sharedKeys(null, late.address(), market.record.blockNumber()).get(1).block();
            b.catchUp();
            assertTrue(b.checkpoint() >= lastShare, "past every key shared with it");
        }

        for (List<ValidatorAgent.Report> reports : List.of(earlyReports, lateReports)) {
            Map<String, ValidatorAgent.Report> r = byDigest(reports);
            assertEquals(ValidatorAgent.Outcome.PASSED, r.get(HexFormat.of().formatHex(valid)).outcome(), reports.toString());
            ValidatorAgent.Report failed = r.get(HexFormat.of().formatHex(invalid));
            assertEquals(ValidatorAgent.Outcome.FAILED, failed.outcome(), reports.toString());
            assertFalse(failed.findings().isEmpty());
            assertArrayEquals(Hash.sha256(ValidatorAgent.findingsText(failed.findings()).getBytes(StandardCharsets.UTF_8)), failed.reasonDigest());
        }
        // The two validators judge alike: the same findings, the same reason digest; the text is kept beside the verdict.
        byte[] earlyReason = byDigest(earlyReports).get(HexFormat.of().formatHex(invalid)).reasonDigest();
        assertArrayEquals(earlyReason, byDigest(lateReports).get(HexFormat.of().formatHex(invalid)).reasonDigest());
        String kept = Files.readString(work.resolve("validator-early/findings/" + HexFormat.of().formatHex(invalid) + ".txt"));
        assertArrayEquals(earlyReason, Attestation.reasonDigest(kept));
        List<Attestation.Verdict> onChain = operator.verdicts(invalid, market.record.blockNumber());
        assertEquals(2, onChain.size());
        for (Attestation.Verdict v : onChain) {
            assertFalse(v.passed());
            assertArrayEquals(earlyReason, v.reasonDigest());
        }

        assertEquals(new Attestation.Tally(2, 0, 2, true), operator.tally(valid));
        assertEquals(new Attestation.Tally(0, 2, 2, false), operator.tally(invalid));
        market.operator.market().accept(valid);
        assertEquals(Market.OfferStatus.ACCEPTED, Market.OfferStatus.values()[market.operator.market().offer(valid).status.intValueExact()]);
        ContractRevertException blocked = assertThrows(ContractRevertException.class, () -> market.operator.market().accept(invalid));
        assertEquals("NotListed", blocked.error());
        assertEquals(BigInteger.TWO, blocked.arguments().get("fails"));

        // A replay from an empty checkpoint (a lost state folder) attests nothing twice.
        List<ValidatorAgent.Report> replay = new ArrayList<>();
        Files.delete(work.resolve("validator-early/checkpoint.json"));
        try (ValidatorAgent a = agent(early, store, replay)) {
            a.catchUp();
        }
        assertEquals(2, replay.size());
        for (ValidatorAgent.Report r : replay) {
            assertTrue(r.outcome() == ValidatorAgent.Outcome.ALREADY_ATTESTED || r.outcome() == ValidatorAgent.Outcome.NOT_ADVERTISED, r.toString());
        }
    }
}
