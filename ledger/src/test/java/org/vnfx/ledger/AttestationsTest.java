package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.contracts.Attestations;
import org.vnfx.ledger.Attestation.Tally;
import org.vnfx.ledger.Attestation.Vote;
import org.vnfx.ledger.Market.OfferStatus;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The validators' gate on acceptance: k-1 passes do not list a package, k do, one fail blocks it whatever
 * the passes; only approved validators attest, once each, only advertised packages; only the operator sets
 * the threshold and shares keys. Every refusal is a pre-flight revert that sends nothing and changes nothing.
 */
class AttestationsTest {
    static final Requirements NEEDS = new Requirements(500, 256, 100);
    static TestMarket market;
    static Actor provider, v1, v2, v3, pendingValidator, mec;
    static Attestation op, a1, a2, a3;

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        provider = market.actor("provider", Role.PROVIDER);
        mec = market.actor("mec", Role.MEC);
        v1 = market.actor("validator-1", Role.VALIDATOR);
        v2 = market.actor("validator-2", Role.VALIDATOR);
        v3 = market.actor("validator-3", Role.VALIDATOR);
        pendingValidator = market.registered("pending-validator", Role.VALIDATOR);
        op = attestation(market.operator);
        a1 = attestation(v1);
        a2 = attestation(v2);
        a3 = attestation(v3);
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    static Attestation attestation(Actor a) {
        return new Attestation(market.chain, market.record, a.account());
    }

    static OfferTerms advertised() throws Exception {
        OfferTerms t = TestMarket.terms(TestMarket.uniqueFunction("ids"), NEEDS, 1_000);
        provider.market().advertise(t);
        return t;
    }

    static OfferStatus status(byte[] digest) throws Exception {
        return OfferStatus.values()[market.operator.market().offer(digest).status.intValueExact()];
    }

    /** The refused call sent nothing, and the package's tally, votes, status and the threshold are as before. */
    static void refusedWithoutEffect(Actor caller, byte[] digest, String function, String error, org.junit.jupiter.api.function.Executable call)
            throws Exception {
        BigInteger nonce = market.nonce(caller.address());
        Tally before = op.tally(digest);
        List<Vote> votes = List.of(op.vote(digest, v1.address()), op.vote(digest, v2.address()), op.vote(digest, v3.address()));
        OfferStatus status = status(digest);
        Reverts.expect(function, error, call);
        assertEquals(nonce, market.nonce(caller.address()), "nothing sent");
        assertEquals(before, op.tally(digest));
        assertEquals(votes, List.of(op.vote(digest, v1.address()), op.vote(digest, v2.address()), op.vote(digest, v3.address())));
        assertEquals(status, status(digest));
    }

    @Test
    void kPassesListAPackageAndOneFailBlocksIt() throws Exception {
        String snapshot = market.snapshot();
        try {
            op.setThreshold(2);
            assertEquals(2, op.threshold());

            // k - 1 passes: not listed, the operator cannot accept.
            OfferTerms good = advertised();
            byte[] d = good.packageDigest();
            a1.attest(d, true, Attestation.reasonDigest("ok"));
            assertEquals(new Tally(1, 0, 2, false), op.tally(d));
            ContractRevertException e = Reverts.expect("Offers.accept", "NotListed", () -> market.operator.market().accept(d));
            assertEquals(BigInteger.ONE, e.arguments().get("passes"));
            assertEquals(BigInteger.TWO, e.arguments().get("threshold"));
            assertEquals(OfferStatus.ADVERTISED, status(d));

            // k passes: listed and accepted; an accepted package takes no more verdicts.
            a2.attest(d, true, Attestation.reasonDigest("ok"));
            assertEquals(new Tally(2, 0, 2, true), op.tally(d));
            market.operator.market().accept(d);
            assertEquals(OfferStatus.ACCEPTED, status(d));
            refusedWithoutEffect(v3, d, "Attestations.attest", "NotAdvertised", () -> a3.attest(d, false, new byte[32]));

            // One fail blocks even with k passes (and more).
            OfferTerms bad = advertised();
            byte[] b = bad.packageDigest();
            byte[] reason = Attestation.reasonDigest("signature does not verify");
            a1.attest(b, true, Attestation.reasonDigest("ok"));
            a3.attest(b, false, reason);
            a2.attest(b, true, Attestation.reasonDigest("ok"));
            assertEquals(new Tally(2, 1, 2, false), op.tally(b));
            assertEquals(Vote.FAIL, op.vote(b, v3.address()));
            refusedWithoutEffect(market.operator, b, "Offers.accept", "NotListed", () -> market.operator.market().accept(b));
            // The operator may still reject it.
            market.operator.market().reject(b);

            List<Attestation.Verdict> verdicts = op.verdicts(b, market.record.blockNumber());
            assertEquals(3, verdicts.size());
            Attestation.Verdict fail = verdicts.get(1);
            assertEquals(v3.address().toLowerCase(), fail.validator().toLowerCase());
            assertFalse(fail.passed());
            assertEquals(HexFormat.of().formatHex(reason), HexFormat.of().formatHex(fail.reasonDigest()));

            // Threshold 0 switches the gate off again (as without validators).
            op.setThreshold(0);
            OfferTerms free = advertised();
            market.operator.market().accept(free.packageDigest());
            assertEquals(OfferStatus.ACCEPTED, status(free.packageDigest()));
        } finally {
            market.revertTo(snapshot);
        }
    }

    static List<String> lower(List<String> addresses) {
        return addresses.stream().map(String::toLowerCase).toList();
    }

    @Test
    void aRevokedValidatorsVotesAreStruckAndStopCounting() throws Exception {
        String snapshot = market.snapshot();
        try {
            op.setThreshold(2);
            byte[] passed = advertised().packageDigest();
            byte[] blocked = advertised().packageDigest();
            a1.attest(passed, true, Attestation.reasonDigest("ok"));
            a2.attest(passed, true, Attestation.reasonDigest("ok"));
            a2.attest(blocked, false, Attestation.reasonDigest("a finding v2 made up"));
            a3.attest(blocked, true, Attestation.reasonDigest("ok"));
            a1.attest(blocked, true, Attestation.reasonDigest("ok"));
            Attestation asProvider = attestation(provider);
            refusedWithoutEffect(provider, passed, "Attestations.strike", "StillValidator", () -> asProvider.strike(passed, v2.address()));

            // v2 is revoked: its pass no longer lists `passed`, its fail no longer blocks `blocked`.
            market.operator.market().revoke(v2.address());
            long from = market.record.blockNumber();
            assertEquals(List.of(v2.address().toLowerCase()), lower(asProvider.strikeRevoked(passed, from)), "anyone may strike, here the provider");
            assertEquals(new Tally(1, 0, 2, false), op.tally(passed));
            assertEquals(Vote.NONE, op.vote(passed, v2.address()));
            Reverts.expect("Offers.accept", "NotListed", () -> market.operator.market().accept(passed));
            refusedWithoutEffect(provider, passed, "Attestations.strike", "NoVote", () -> asProvider.strike(passed, v2.address()));
            refusedWithoutEffect(provider, passed, "Attestations.strike", "NoVote", () -> asProvider.strike(passed, pendingValidator.address()));

            var struck = Attestations.getVoteStruckEvents(op.strike(blocked, v2.address())).get(0);
            assertEquals(List.of(v2.address().toLowerCase(), false, market.operator.address().toLowerCase()),
                    List.of(struck.validator.toLowerCase(), struck.passed, struck.by.toLowerCase()));
            assertEquals(new Tally(2, 0, 2, true), op.tally(blocked));
            assertEquals(List.of(), op.strikeRevoked(blocked, from), "nothing left to strike");
            market.operator.market().accept(blocked);
            assertEquals(OfferStatus.ACCEPTED, status(blocked));
        } finally {
            market.revertTo(snapshot);
        }
    }

    @Test
    void onlyApprovedValidatorsAttestOncePerAdvertisedPackage() throws Exception {
        byte[] d = advertised().packageDigest();
        byte[] reason = Attestation.reasonDigest("ok");
        for (Actor notValidator : List.of(market.operator, provider, mec, pendingValidator)) {
            Attestation x = attestation(notValidator);
            refusedWithoutEffect(notValidator, d, "Attestations.attest", "NotValidator", () -> x.attest(d, true, reason));
        }
        a1.attest(d, true, reason);
        refusedWithoutEffect(v1, d, "Attestations.attest", "AlreadyAttested", () -> a1.attest(d, true, reason));
        refusedWithoutEffect(v1, d, "Attestations.attest", "AlreadyAttested", () -> a1.attest(d, false, reason));
        byte[] unknown = TestMarket.randomDigest();
        refusedWithoutEffect(v2, unknown, "Attestations.attest", "NotAdvertised", () -> a2.attest(unknown, true, reason));
        assertEquals(new Tally(1, 0, 0, true), op.tally(d));
    }

    @Test
    void onlyTheOperatorSharesKeysWithValidatorsAndSetsTheThreshold() throws Exception {
        byte[] d = advertised().packageDigest();
        byte[] envelope = TestMarket.ENVELOPE;
        Attestation asProvider = attestation(provider);
        refusedWithoutEffect(provider, d, "Attestations.shareKey", "NotOperator", () -> asProvider.shareKey(d, v1.address(), envelope));
        refusedWithoutEffect(market.operator, d, "Attestations.shareKey", "NotValidator", () -> op.shareKey(d, mec.address(), envelope));
        refusedWithoutEffect(market.operator, d, "Attestations.shareKey", "NotValidator", () -> op.shareKey(d, pendingValidator.address(), envelope));
        refusedWithoutEffect(market.operator, d, "Attestations.shareKey", "InvalidEnvelope", () -> op.shareKey(d, v1.address(), new byte[0]));
        refusedWithoutEffect(market.operator, d, "Attestations.shareKey", "InvalidEnvelope", () -> op.shareKey(d, v1.address(), new byte[513]));
        byte[] unknown = TestMarket.randomDigest();
        refusedWithoutEffect(market.operator, unknown, "Attestations.shareKey", "NotAdvertised", () -> op.shareKey(unknown, v1.address(), envelope));

        TransactionReceipt r = op.shareKey(d, v1.address(), envelope);
        var events = Attestations.getKeySharedEvents(r);
        assertEquals(1, events.size());
        assertTrue(events.get(0).validator.equalsIgnoreCase(v1.address()));
        List<Attestation.SharedKey> forV1 = op.sharedKeys(null, v1.address(), market.record.blockNumber());
        assertTrue(forV1.stream().anyMatch(k -> HexFormat.of().formatHex(k.packageDigest()).equals(HexFormat.of().formatHex(d))));
        assertTrue(op.sharedKeys(d, v2.address(), market.record.blockNumber()).isEmpty());

        Attestation asValidator = a1;
        BigInteger nonce = market.nonce(v1.address());
        Reverts.expect("Attestations.setThreshold", "NotOperator", () -> asValidator.setThreshold(1));
        assertEquals(nonce, market.nonce(v1.address()));
        assertEquals(0, op.threshold());
        assertEquals(market.record.address("Attestations").toLowerCase(),
                market.operator.market().suite().offers().attestations().send().toLowerCase(), "Offers asks the suite's Attestations");
    }

    @Test
    void gasOfDeploymentShareKeyAttestAndTheGatedAccept() throws Exception {
        String snapshot = market.snapshot();
        try {
            byte[] d = advertised().packageDigest();
            long deploy = market.record.deploymentGas().get("Attestations");
            long share = op.shareKey(d, v2.address(), new byte[94]).getGasUsed().longValueExact();
            long first = a2.attest(d, true, Attestation.reasonDigest("ok")).getGasUsed().longValueExact();
            long second = a3.attest(d, true, Attestation.reasonDigest("ok")).getGasUsed().longValueExact();
            long acceptGateOff = market.operator.market().accept(d).getGasUsed().longValueExact();
            op.setThreshold(2);
            byte[] listed = advertised().packageDigest();
            a1.attest(listed, true, Attestation.reasonDigest("ok"));
            a2.attest(listed, true, Attestation.reasonDigest("ok"));
            long acceptListed = market.operator.market().accept(listed).getGasUsed().longValueExact();
            System.out.printf("gas: Attestations deployment %,d; shareKey (94 zero bytes) %,d; attest first %,d, second %,d; "
                    + "accept with k = 0 %,d, with k = 2 (listed) %,d%n", deploy, share, first, second, acceptGateOff, acceptListed);
            assertTrue(share < 60_000 && first < 100_000 && second < first, share + " / " + first + " / " + second);
        } finally {
            market.revertTo(snapshot);
        }
    }
}
