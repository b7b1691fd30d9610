package org.vnfx.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Reverts;
import org.vnfx.contracts.Policies;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.ShortName;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;

/** The signer every vnfx transaction goes through: simulate first, then send with an estimated gas limit and a sane fee. */
class PreflightTransactionManagerTest {
    static TestMarket market;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    BigInteger gasPrice() throws Exception {
        return market.chain.web3j().ethGasPrice().send().getGasPrice();
    }

    @Test
    void theSuggestedGasPriceDoesNotClimbWithEveryTransactionVnfxSends() throws Exception {
        BigInteger start = gasPrice();
        StringBuilder trail = new StringBuilder(start.toString());
        for (int i = 0; i < 60; i++) {
            market.operator.market().deposit(BigInteger.ONE);
            if (i % 10 == 9) trail.append(" -> ").append(gasPrice());
        }
        BigInteger end = gasPrice();
        assertTrue(end.compareTo(start.multiply(BigInteger.TWO)) <= 0,
                "after 60 transactions the node suggests " + end + " wei/gas, started at " + start + ": " + trail);
    }

    @Test
    void aCallThatWouldRevertIsRejectedBeforeAnythingIsSent() throws Exception {
        var stranger = market.stranger("stranger");
        BigInteger nonce = market.nonce(stranger.address());
        BigInteger balance = market.chain.balance(stranger.address());
        long block = market.chain.blockNumber();

        var e = Reverts.expect("Settlement.deposit", "NotOperator", () -> stranger.market().deposit(BigInteger.ONE));

        assertEquals(stranger.address(), e.arguments().get("caller"));
        assertEquals(nonce, market.nonce(stranger.address()), "no transaction was sent");
        assertEquals(balance, market.chain.balance(stranger.address()), "no gas was spent");
        assertEquals(block, market.chain.blockNumber(), "no block was mined");
    }

    @Test
    void theGasLimitIsTheEstimatePlusTheMarginAndTheTransactionFitsInIt() throws Exception {
        var op = market.operator;
        var signer = market.chain.signer(op.account());
        String to = market.record.address("Settlement");
        String data = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("deposit", java.util.List.of(), java.util.List.of()));
        BigInteger limit = signer.estimate(to, data, BigInteger.TEN);

        var receipt = op.market().deposit(BigInteger.TEN);

        var tx = market.chain.web3j().ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction().orElseThrow();
        assertEquals(limit, tx.getGas());
        assertTrue(receipt.isStatusOK());
        BigInteger used = receipt.getGasUsed();
        assertTrue(limit.compareTo(used) > 0, "the limit leaves head-room over the gas used: " + limit + " vs " + used);
        assertTrue(limit.compareTo(used.multiply(BigInteger.TWO)) < 0, "the limit follows the estimate, not a fixed guess: " + limit + " vs " + used);
    }

    @Test
    void aBatchIsPreflightedTogetherSentWithConsecutiveNoncesAndARevertingCallIsNotSent() throws Exception {
        PreflightTransactionManager signer = market.chain.signer(market.operator.account()).knowing(market.record.addresses());
        Policies policies = Policies.load(market.record.address("Policies"), market.chain.web3j(), signer, new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
        String first = market.stranger("batch1").address();
        String second = market.stranger("batch2").address();
        byte[] region = ShortName.toBytes32("region", "eu-batch");
        BigInteger nonce = market.nonce(market.operator.address());

        List<PreflightTransactionManager.Answer> answers = signer.sendAll(List.of(
                new PreflightTransactionManager.Call(policies.getContractAddress(), policies.assignRegion(first, region).encodeFunctionCall()),
                // Only a package's provider may declare a derivation: refused in pre-flight, never sent.
                new PreflightTransactionManager.Call(policies.getContractAddress(),
                        policies.declareDerivation(TestMarket.randomDigest(), TestMarket.randomDigest()).encodeFunctionCall()),
                new PreflightTransactionManager.Call(policies.getContractAddress(), policies.assignRegion(second, region).encodeFunctionCall())));

        assertFalse(answers.get(0).refused());
        assertTrue(answers.get(1).refusal() instanceof ContractRevertException e && e.function().startsWith("Policies.declareDerivation"),
                "the refusal is decoded and names the call: " + answers.get(1).refusal());
        assertFalse(answers.get(2).refused());
        // Sent, not waited for: the receipts come once the node has mined them.
        List<String> hashes = List.of(answers.get(0).result(), answers.get(2).result());
        List<Optional<TransactionReceipt>> receipts = market.chain.receipts(hashes);
        for (int i = 0; i < 100 && receipts.stream().anyMatch(Optional::isEmpty); i++) {
            Thread.sleep(50);
            receipts = market.chain.receipts(hashes);
        }
        assertTrue(receipts.stream().allMatch(r -> r.isPresent() && r.get().isStatusOK()), "both mined: " + receipts);
        assertEquals(nonce.add(BigInteger.TWO), market.nonce(market.operator.address()), "two transactions, consecutive nonces, no gap");

        List<PreflightTransactionManager.Answer> reads = signer.callAll(List.of(
                new PreflightTransactionManager.Call(policies.getContractAddress(), policies.regionOf(first).encodeFunctionCall()),
                new PreflightTransactionManager.Call(policies.getContractAddress(), policies.regionOf(second).encodeFunctionCall())),
                DefaultBlockParameterName.LATEST);
        for (PreflightTransactionManager.Answer a : reads) assertEquals("0x" + HexFormat.of().formatHex(region), a.get());
    }

    @Test
    void aTransactionSignedNowIsMinedOnceHoweverOftenItIsBroadcastAndOneWhoseNonceWasTakenSaysSo() throws Exception {
        PreflightTransactionManager signer = market.chain.signer(market.operator.account()).knowing(market.record.addresses());
        Policies policies = Policies.load(market.record.address("Policies"), market.chain.web3j(), signer, new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
        String data = policies.assignRegion(market.stranger("signed-once").address(), ShortName.toBytes32("region", "eu-once")).encodeFunctionCall();
        BigInteger nonce = market.nonce(market.operator.address());

        PreflightTransactionManager.Signed tx = signer.sign(policies.getContractAddress(), data, BigInteger.ZERO);
        assertEquals(nonce, market.nonce(market.operator.address()), "signing sends nothing");
        signer.broadcast(tx);
        assertTrue(market.chain.awaitReceipt(tx.hash()).isStatusOK());
        signer.broadcast(tx); // a retry after a lost answer: the node knows it, nothing new is sent
        assertEquals(nonce.add(BigInteger.ONE), market.nonce(market.operator.address()), "mined once");

        PreflightTransactionManager.Signed late = signer.sign(policies.getContractAddress(), data, BigInteger.ZERO);
        market.operator.market().deposit(BigInteger.ONE); // another transaction of the account takes the nonce first
        var e = org.junit.jupiter.api.Assertions.assertThrows(PreflightTransactionManager.ReplacedException.class, () -> signer.broadcast(late));
        assertTrue(e.getMessage().contains(late.hash()), e.getMessage());
    }
}
