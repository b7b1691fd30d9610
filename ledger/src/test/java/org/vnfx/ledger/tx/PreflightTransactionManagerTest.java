package org.vnfx.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Reverts;
import org.vnfx.ledger.TestMarket;

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
}
