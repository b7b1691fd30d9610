package org.vnfx.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.economics.ReputationModel;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;

/** One VNF session from registration to withdrawal, on a real anvil, read like the B-VNF flow. */
class LifecycleScenarioTest {
    static TestMarket market;

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
    }

    @AfterAll
    static void stop() {
        market.close();
    }

    @Test
    void aVnfIsRequestedGrantedRunUninstalledAndPaid() throws Exception {
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor mec = market.actor("mec", Role.MEC);
        OfferTerms ids = market.acceptedOffer(provider, "ids", new Requirements(500, 256, 100), 1_000_000_000L);
        market.operator.market().deposit(TestMarket.ETHER);

        mec.market().publishResources(new Requirements(4000, 8192, 10_000));
        BigInteger id = Market.requestedId(mec.market().request("ids"));
        market.operator.market().grant(id, ids.packageDigest(), new byte[] {1, 2, 3});
        assertEquals(new Requirements(3500, 7936, 9900), market.operator.market().freeResources(mec.address()));

        mec.market().reportInstantiation(id, true, new byte[32]);
        market.advanceSeconds(120);
        long[] errors = {3, 0, 0, 0, 0, 0, 0, 0};
        mec.market().reportUninstall(id, 100, errors);

        var expected = ReputationModel.DEFAULT.session(ReputationModel.DEFAULT.prior(), errors, BigInteger.valueOf(1_000_000_000L), 100);
        assertEquals(DeploymentStatus.SETTLED, Market.status(market.operator.market().deployment(id)));
        assertEquals(expected.reputation(), market.operator.market().offer(ids.packageDigest()).reputation);
        assertEquals(expected.amount(), market.operator.market().balanceOf(provider.address()));
        assertEquals(new Requirements(4000, 8192, 10_000), market.operator.market().freeResources(mec.address()));

        BigInteger before = market.chain.balance(provider.address());
        var receipt = provider.market().withdraw();
        BigInteger fee = receipt.getGasUsed().multiply(new BigInteger(receipt.getEffectiveGasPrice().substring(2), 16));
        assertEquals(before.add(expected.amount()).subtract(fee), market.chain.balance(provider.address()));

        var replay = assertThrows(ContractRevertException.class, () -> mec.market().reportUninstall(id, 100, errors));
        assertEquals("WrongStatus", replay.error());
        assertEquals("Orchestration.reportUninstall", replay.function());
    }
}
