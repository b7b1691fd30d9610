package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vnfx.ledger.policy.PolicyFile;
import org.vnfx.ledger.suite.Role;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.packages.csar.Fixtures;
import org.vnfx.packages.csar.PackageRejectedException;
import org.vnfx.portal.PortalServer;

/**
 * The provider's page in real headless Chromium: a provider uploads and publishes a package (progress shown, the
 * offer appears advertised), sets licence terms and a usage policy and sees them; an invalid upload shows the
 * verifier's finding with file and line; a customer's portal shows the page's role message and its action answers 403.
 */
class ProviderBrowserTest {
    static final String POLICY = "vnfx-policy: 1\nallow: [instantiate, redistribute]\nregions: [eu-west-1]\nmax-instances: 3\n";

    static Marketplace m;
    static Browser browser;
    static PortalServer provider;
    static PortalServer customer;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        provider = m.portalOf(m.market().actor("atelier", Role.PROVIDER));
        customer = m.portalOf(m.market().actor("browser-customer", Role.CUSTOMER));
        browser = new Browser("provider");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (provider != null) provider.close();
        if (customer != null) customer.close();
    }

    /** Refusals the test provokes log their 4xx; nothing else may reach the console. */
    @AfterEach
    void consoleStaysClean() {
        List<String> errors = browser.consoleErrorsBesidesRefusals();
        assertEquals(List.of(), errors);
    }

    static void visit(PortalServer portal, String step) {
        browser.open(portal.url().resolve("/provider"));
        browser.awaitSettled();
        browser.shot(step);
    }

    static void upload(Path csar) {
        browser.find("#csar").sendKeys(csar.toString());
        browser.find("#function-type").clear();
        browser.find("#function-type").sendKeys("ids");
        browser.find("#price").clear();
        browser.find("#price").sendKeys("3000000000");
        browser.find("#upload-button").click();
    }

    static WebElement offerCard() {
        return browser.await("the offer on the page", d -> d.findElements(By.cssSelector("article.offer")).stream().findFirst().orElse(null));
    }

    @Test
    void aProviderPublishesSetsTermsAndAPolicyAndSeesThem() throws Exception {
        visit(provider, "empty");
        assertTrue(browser.find("nav a[data-role=provider]").isDisplayed(), "a provider's navigation shows its page");
        assertEquals("No offers yet.", browser.text("#no-offers"));

        upload(m.variant("atelier-ids"));
        browser.await("the package published", d -> browser.text("#upload-text").startsWith("Published 0x"));
        assertEquals("100", browser.find("#upload-progress").getAttribute("value"));
        WebElement card = offerCard();
        browser.shot("published");
        assertEquals("advertised", card.findElement(By.cssSelector(".badge.status")).getText());
        assertEquals("3,000,000,000 wei per second", card.findElement(By.cssSelector(".price")).getText());
        assertEquals("none yet", card.findElement(By.cssSelector(".deployments")).getText());
        assertTrue(browser.text("#upload-text").endsWith(card.getAttribute("data-digest")));

        card.findElement(By.name("trialDays")).sendKeys("7");
        card.findElement(By.name("trialSlots")).sendKeys("2");
        card.findElement(By.cssSelector(".terms-form button")).click();
        browser.await("the terms shown", d -> !d.findElements(By.cssSelector("article.offer dd.terms li.trial")).isEmpty());
        browser.shot("terms-set");
        assertEquals("Trial: 7 days from the first instance, at most 2 instances at a time.", browser.text("article.offer dd.terms li.trial"));

        browser.find("article.offer textarea[name=policy]").sendKeys("vnfx-policy: 1\nallow: [fly]\n");
        browser.find("article.offer .policy-form button").click();
        browser.await("the policy's error", d -> browser.find("article.offer .offer-problem").isDisplayed());
        browser.shot("policy-error");
        assertTrue(browser.text("article.offer .offer-problem").contains("policy:2:"), browser.text("article.offer .offer-problem"));

        browser.find("article.offer textarea[name=policy]").clear();
        browser.find("article.offer textarea[name=policy]").sendKeys(POLICY);
        browser.find("article.offer .policy-form button").click();
        browser.await("the policy shown", d -> !d.findElements(By.cssSelector("article.offer dd.policy li")).isEmpty());
        browser.shot("policy-attached");
        List<String> words = browser.all("article.offer dd.policy li").stream().map(WebElement::getText).toList();
        assertEquals(PolicyFile.parse("p", POLICY).inWords(), words);

        visit(provider, "reloaded");
        assertEquals(1, browser.all("article.offer").size());
        assertFalse(browser.all("article.offer dd.terms li.trial").isEmpty(), "terms and policy come from the chain");
        assertEquals(words.size(), browser.all("article.offer dd.policy li").size());
    }

    @Test
    void anInvalidUploadShowsTheVerifiersFindingWithFileAndLine() throws Exception {
        Path tampered = m.tampered();
        List<String> expected = Fixtures.lines(assertThrows(PackageRejectedException.class, () -> new CsarVerifier().verify(tampered)));
        visit(provider, "before-invalid");
        upload(tampered);
        browser.await("the refusal", d -> browser.find("#upload-problem").isDisplayed());
        browser.shot("invalid-upload");
        assertTrue(browser.text("#upload-problem").startsWith("Package rejected: vnfd.mf:"), browser.text("#upload-problem"));
        List<WebElement> findings = browser.all("#upload-problem li.finding");
        assertEquals(expected.size(), findings.size(), "every finding the verifier gives, no more");
        WebElement first = browser.find("#upload-problem li.finding.error");
        assertEquals("vnfd.mf", first.getAttribute("data-file"));
        assertTrue(Integer.parseInt(first.getAttribute("data-line")) > 0);
        assertTrue(first.getText().startsWith(expected.get(0)), first.getText() + " vs " + expected.get(0));
        assertEquals("Not published.", browser.text("#upload-text"));
    }

    @Test
    void aCustomerCannotReachThePublishAction() {
        visit(customer, "customer");
        assertEquals("This page is for providers; you are a customer.", browser.text("#role-message"));
        assertFalse(browser.find("#provider").isDisplayed(), "no upload form");
        assertFalse(browser.find("nav a[data-role=provider]").isDisplayed(), "a customer's navigation has no provider page");
        Object status = ((ChromeDriver) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/provider/packages?functionType=ids&pricePerSecond=1', {method: 'POST', body: 'PK'})"
                        + ".then(r => r.json().then(p => done(r.status + ' ' + p.requiredRole + ' ' + p.heldRole)));");
        assertEquals("403 provider customer", status);
    }
}
