package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The operator's page in real headless Chromium: the operator sees a pending offer with its tally and accepts it; sees
 * the MEC nodes and the deployments; a settle refused for short escrow shows the chain's error, and after a deposit
 * the session is settled; a customer's portal shows the page's role message and its action answers 403. The offers,
 * MEC node and session are the test's own; escrow ends as it began (empty in the fixture).
 */
class OperatorBrowserTest {
    static Marketplace m;
    static TestMarket market;
    static Browser browser;
    static PortalServer operator;
    static PortalServer customer;
    static TestMarket.Actor vendor;
    static TestMarket.Actor mec;
    static TestMarket.Actor waiting;
    static OfferTerms pending;
    static BigInteger deferred;
    static BigInteger due;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        market = m.market();
        vendor = market.actor("opb-vendor", Role.PROVIDER);
        mec = market.actor("opb-mec", Role.MEC);
        mec.market().publishResources(new Requirements(2500, 2048, 4096));
        pending = TestMarket.terms(TestMarket.uniqueFunction("opb-pending"), new Requirements(750, 512, 256), 2_000_000);
        vendor.market().advertise(pending);
        // A session whose payment is deferred: the fixture's escrow is empty when the MEC node reports the uninstall.
        OfferTerms used = market.acceptedOffer(vendor, TestMarket.uniqueFunction("opb-used"), new Requirements(500, 256, 128), 1_000_000);
        deferred = market.running(mec, used);
        market.advanceSeconds(30);
        mec.market().reportUninstall(deferred, 30, new long[8]);
        due = market.deployment(deferred).amountDue;
        waiting = market.registered("opb-waiting", Role.MEC);
        operator = m.portalOf(market.operator);
        customer = m.portalOf(market.actor("opb-customer", Role.CUSTOMER));
        browser = new Browser("operator");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (operator != null) operator.close();
        if (customer != null) customer.close();
    }

    /** Refusals the test provokes log their 4xx; nothing else may reach the console. */
    @AfterEach
    void consoleStaysClean() {
        List<String> errors = browser.consoleErrorsBesidesRefusals();
        assertEquals(List.of(), errors);
    }

    static void visit(PortalServer portal, String step) {
        browser.open(portal.url().resolve("/operator"));
        browser.awaitSettled();
        browser.shot(step);
    }

    @Test
    void theOperatorSeesAPendingOfferAndAcceptsIt() throws Exception {
        String digest = HexFormat.of().formatHex(pending.packageDigest());
        visit(operator, "overview");
        assertTrue(browser.find("nav a[data-role=operator]").isDisplayed(), "an operator's navigation shows its page");
        assertFalse(browser.find("nav a[data-role=provider]").isDisplayed());
        String card = "#pending article.offer[data-digest='" + digest + "']";
        assertEquals("advertised", browser.textOf(card + " .badge.status"));
        assertEquals("0.75 vCPU · 512 MiB · 256 MiB disk", browser.textOf(card + " .needs"));
        assertEquals("2,000,000 wei per second", browser.textOf(card + " .price"));
        assertEquals("0 pass, 0 fail of 0 needed: listed", browser.textOf(card + " .attestations"));

        browser.click(card + " button.accept");
        browser.await("the decision", d -> browser.textOf("#decision").startsWith("Accepted 0x" + digest.substring(0, 12) + "…: now accepted"));
        browser.await("the offer accepted in the list", d -> "accepted".equals(browser.textOf("#offers tr[data-digest='" + digest + "'] .status")));
        browser.await("the offer gone from those awaiting a decision", d -> d.findElements(By.cssSelector(card)).isEmpty());
        browser.shot("accepted");
        assertEquals(Market.OfferStatus.ACCEPTED.ordinal(), market.operator.market().offer(pending.packageDigest()).status.intValueExact());

        visit(operator, "reloaded");
        assertEquals("accepted", browser.textOf("#offers tr[data-digest='" + digest + "'] .status"), "the decision is the chain's");
    }

    @Test
    void theOperatorSeesMecNodesAndDeploymentsAndSettlesADeferredSession() throws Exception {
        visit(operator, "deployments");
        String node = "#mec-nodes tr.mec-node[data-address='" + mec.address().toLowerCase() + "']";
        assertEquals("approved", browser.textOf(node + " .badge"));
        assertEquals("2.5 vCPU", browser.textOf(node + " .cpu"), "all it published: the session gave its 0.5 vCPU back at uninstall");
        assertEquals("2 GiB", browser.textOf(node + " .memory"));
        String row = "#deployments tr.deployment[data-id='" + deferred + "']";
        assertEquals("uninstalled", browser.textOf(row + " .status"));
        assertEquals(String.format("%,d", due), browser.textOf(row + " .due"));
        assertEquals("0 wei", browser.textOf("#escrow"));

        browser.click(row + " button.settle");
        browser.await("the refusal", d -> browser.find("#settle-result").isDisplayed());
        browser.shot("settle-refused");
        assertTrue(browser.textOf("#settle-result").startsWith("Refused by the chain: ") && browser.textOf("#settle-result").contains("InsufficientEscrow"),
                browser.textOf("#settle-result"));

        browser.find("#escrow-amount").sendKeys(due.toString());
        browser.click("#deposit");
        browser.await("the deposit", d -> browser.textOf("#escrow-result").startsWith("Deposited " + String.format("%,d", due) + " wei"));
        browser.await("the escrow shown", d -> browser.textOf("#escrow").equals(String.format("%,d", due) + " wei"));
        browser.shot("deposited");

        browser.click(row + " button.settle");
        browser.await("the settlement", d -> browser.textOf("#settle-result").startsWith("Settled deployment #" + deferred + ": " + String.format("%,d", due) + " wei paid"));
        browser.await("the session settled", d -> "settled".equals(browser.textOf(row + " .status")));
        browser.await("escrow spent", d -> browser.textOf("#escrow").equals("0 wei"));
        browser.shot("settled");
        assertTrue(browser.all(row + " button.settle").isEmpty(), "a settled session has nothing more to settle");
        assertEquals(Market.DeploymentStatus.SETTLED, Market.status(market.deployment(deferred)));
    }

    @Test
    void theOperatorApprovesAnIdentityAwaitingApproval() throws Exception {
        String address = waiting.address().toLowerCase();
        visit(operator, "identities");
        String row = "#pending-identities tr.identity[data-address='" + address + "']";
        assertEquals("mec", browser.textOf(row + " .role"));
        browser.click(row + " button.approve");
        browser.await("the approval", d -> browser.textOf("#identity-result").equals("mec " + address + " is approved"));
        browser.await("the identity gone from those awaiting approval", d -> d.findElements(By.cssSelector(row)).isEmpty());
        browser.await("the new MEC node listed", d -> "approved".equals(browser.textOf("#mec-nodes tr.mec-node[data-address='" + address + "'] .badge")));
        browser.shot("approved");
        assertEquals(Market.IdentityStatus.APPROVED, Market.IdentityStatus.of(market.operator.market().identity(address).status));
    }

    @Test
    void anOfferAdvertisedWhileThePageIsOpenAppearsWithoutAReload() throws Exception {
        visit(operator, "before-live");
        browser.await("the live stream", d -> "open".equals(((ChromeDriver) d).executeScript("return document.body.dataset.live;")));
        OfferTerms late = TestMarket.terms(TestMarket.uniqueFunction("opb-live"), new Requirements(250, 128, 64), 3_000_000);
        vendor.market().advertise(late);
        String card = "#pending article.offer[data-digest='" + HexFormat.of().formatHex(late.packageDigest()) + "']";
        assertEquals("advertised", browser.textOf(card + " .badge.status"), "drawn again on the Offers event");
        browser.shot("live");
    }

    @Test
    void anOfferBelowTheAttestationThresholdIsRefusedOnThePageWithTheChainsError() throws Exception {
        OfferTerms unattested = TestMarket.terms(TestMarket.uniqueFunction("opb-unattested"), new Requirements(250, 128, 64), 1_000_000);
        vendor.market().advertise(unattested);
        String digest = HexFormat.of().formatHex(unattested.packageDigest());
        Attestation gate = new Attestation(market.chain, market.record, market.operator.account());
        int threshold = gate.threshold();
        gate.setThreshold(1);
        try {
            visit(operator, "threshold");
            String card = "#pending article.offer[data-digest='" + digest + "']";
            assertEquals("0 pass, 0 fail of 1 needed: not listed", browser.textOf(card + " .attestations"));
            browser.click(card + " button.accept");
            assertTrue(browser.url().endsWith("/operator"), browser.url());
            browser.await("the refusal", d -> browser.textOf(card + " .offer-result").startsWith("Refused by the chain: "));
            browser.shot("not-listed");
            assertTrue(browser.textOf(card + " .offer-result").contains("NotListed"), browser.textOf(card + " .offer-result"));
            assertEquals(Market.OfferStatus.ADVERTISED.ordinal(), market.operator.market().offer(unattested.packageDigest()).status.intValueExact());
        } finally {
            gate.setThreshold(threshold);
        }
    }

    @Test
    void aCustomersPortalShowsTheRoleMessageAndItsActionsAnswer403() {
        visit(customer, "customer");
        assertEquals("This page is for operators; you are a customer.", browser.text("#role-message"));
        assertFalse(browser.find("#operator").isDisplayed(), "no operator's view");
        assertFalse(browser.find("nav a[data-role=operator]").isDisplayed(), "a customer's navigation has no operator page");
        Object status = ((ChromeDriver) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/operator/offers/" + HexFormat.of().formatHex(pending.packageDigest()) + "/reject', {method: 'POST'})"
                        + ".then(r => r.json().then(p => done(r.status + ' ' + p.requiredRole + ' ' + p.heldRole)));");
        assertEquals("403 operator customer", status);
    }
}
