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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The customer's page in real headless Chromium: a customer reads an offer's terms in plain words, starts a trial
 * (its first instance), sees the licence and the instance, is refused a second instance with the chain's SlotsFull
 * shown, sees a licence bought elsewhere appear by itself (live events), and terminates the instance; a provider's
 * portal shows the page's role message and its action answers 403.
 */
class CustomerBrowserTest {
    static final Licensing.Terms TRIAL = new Licensing.Terms(false, 86_400, 1, BigInteger.ZERO, 0);
    static final Licensing.Terms PRIVATE = new Licensing.Terms(false, 0, 0, BigInteger.valueOf(4_000), 2);

    static Marketplace m;
    static Browser browser;
    static TestMarket.Actor seller;
    static TestMarket.Actor shopper;
    static PortalServer customer;
    static PortalServer provider;
    static String trial;
    static String sale;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        seller = m.market().actor("browser-seller", Role.PROVIDER);
        shopper = m.market().actor("browser-shopper", Role.CUSTOMER);
        trial = CustomerApiTest.offer(m, seller, TRIAL);
        sale = CustomerApiTest.offer(m, seller, PRIVATE);
        customer = m.portalOf(shopper);
        provider = m.portalOf(seller);
        browser = new Browser("customer");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (customer != null) customer.close();
        if (provider != null) provider.close();
    }

    /** Refusals the test provokes log their 4xx; nothing else may reach the console. */
    @AfterEach
    void consoleStaysClean() {
        List<String> errors = browser.consoleErrorsBesidesRefusals();
        assertEquals(List.of(), errors);
    }

    static void visit(PortalServer portal, String path, String step) {
        browser.open(portal.url().resolve(path));
        browser.awaitSettled();
        browser.shot(step);
    }

    static WebElement card(String digest) {
        return browser.await("the offer " + digest, d -> d.findElements(By.cssSelector("article.offer[data-digest='" + digest + "']")).stream().findFirst().orElse(null));
    }

    /** Waits for the action's answer: the result line (or the refusal) and the page redrawn with the signer idle. */
    static String awaitOutcome(Browser browser, String selector) {
        browser.await(selector + " shown", d -> browser.find(selector).isDisplayed() && "idle".equals(browser.find("#customer").getAttribute("data-state")));
        return browser.text(selector);
    }

    static Licensing.Licence held(String digest) throws Exception {
        return CustomerApiTest.held(m, shopper, digest);
    }

    @Test
    void aCustomerStartsATrialSeesItsInstanceIsRefusedAFullLicenceAndTerminates() throws Exception {
        visit(customer, "/customer#" + trial, "offers");
        assertTrue(browser.find("nav a[data-role=customer]").isDisplayed(), "a customer's navigation shows its page");
        assertFalse(browser.find("#wallet").isDisplayed(), "no browser wallet here: no wallet choice");
        assertEquals("No licences yet: buy a private licence or start a trial below.", browser.text("#no-licences"));
        assertEquals("No instances running.", browser.text("#no-instances"));
        WebElement offer = card(trial);
        assertEquals("Trial: 1 day from the first instance, at most 1 instance at a time.", offer.findElement(By.cssSelector("dd.terms li.trial")).getText());
        assertEquals("You hold no licence of it yet.", offer.findElement(By.cssSelector("dd.held")).getText());
        assertEquals("Private: 4,000 wei, at most 2 instances at a time per customer.", card(sale).findElement(By.cssSelector("dd.terms li.private")).getText());

        WebElement start = offer.findElement(By.cssSelector("button.instantiate"));
        assertEquals("Start trial (1 day, first instance)", start.getText());
        start.click();
        String said = awaitOutcome(browser, "#action-result");
        browser.shot("trial-started");
        assertTrue(said.startsWith("Started an instance of ns-") && said.contains("(trial licence)") && said.contains("Trial activated until"), said);
        assertEquals(1, held(trial).trialInUse(), "the chain holds the instance");
        WebElement licence = browser.find("tr.licence[data-digest='" + trial + "']");
        assertEquals("trial", licence.findElement(By.cssSelector(".type")).getText());
        assertEquals("1 of 1", licence.findElement(By.cssSelector(".slots")).getText());
        List<WebElement> instances = browser.all("tr.instance[data-digest='" + trial + "']");
        assertEquals(1, instances.size());
        String id = instances.get(0).getAttribute("data-id");
        assertEquals(trial, HexFormat.of().formatHex(new Licensing(m.market().chain, m.market().record, shopper.account()).instancePackage(CustomerApi.instanceId(id))));

        card(trial).findElement(By.cssSelector("button.instantiate")).click();
        String refused = awaitOutcome(browser, "#action-problem");
        browser.shot("slots-full");
        assertTrue(refused.startsWith("Refused by the chain: Licences.instantiate reverted with SlotsFull("), refused);
        assertEquals(1, held(trial).trialInUse());

        // A licence bought outside this page (the CLI, another portal) appears by itself: the page follows the chain.
        browser.await("the live stream", d -> "open".equals(browser.find("body").getAttribute("data-live")));
        new Licensing(m.market().chain, m.market().record, shopper.account()).buy(HexFormat.of().parseHex(sale));
        browser.await("the bought licence shown", d -> !d.findElements(By.cssSelector("tr.licence.private[data-digest='" + sale + "']")).isEmpty());
        browser.shot("bought-elsewhere");
        assertEquals("0 of 2", browser.text("tr.licence.private[data-digest='" + sale + "'] .slots"));

        browser.find("tr.instance[data-id='" + id + "'] button.terminate").click();
        said = awaitOutcome(browser, "#action-result");
        browser.shot("terminated");
        assertTrue(said.startsWith("Terminated instance " + id), said);
        assertEquals("No instances running.", browser.text("#no-instances"));
        assertEquals("0 of 1", browser.text("tr.licence[data-digest='" + trial + "'] .slots"));
        assertEquals(0, held(trial).trialInUse());
    }

    @Test
    void aProviderSeesTheRoleMessageAndItsActionsAre403() throws Exception {
        BigInteger before = m.market().nonce(seller.address());
        visit(provider, "/customer", "provider");
        assertEquals("This page is for customers; you are a provider.", browser.text("#role-message"));
        assertFalse(browser.find("#customer").isDisplayed(), "no actions");
        assertFalse(browser.find("nav a[data-role=customer]").isDisplayed(), "a provider's navigation has no customer page");
        Object status = ((ChromeDriver) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/customer/offers/" + sale + "/buy', {method: 'POST'})"
                        + ".then(r => r.json().then(p => done(r.status + ' ' + p.requiredRole + ' ' + p.heldRole)));");
        assertEquals("403 customer provider", status);
        assertEquals(before, m.market().nonce(seller.address()), "the provider's account sent nothing");
        assertFalse(CustomerApiTest.held(m, seller, sale).bought());
    }
}
