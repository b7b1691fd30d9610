package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The catalogue pages in real headless Chromium, on the portal over a catalogue indexed from a real chain: what a
 * person sees when searching, filtering, paging and opening a package, and the pages for what does not exist.
 */
class CatalogueBrowserTest {
    static Marketplace m;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        browser = new Browser("catalogue");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    /** Pages that worked logged nothing: no script error, no refused load (the CSP would say so here). */
    @AfterEach
    void consoleStaysClean() {
        List<String> errors = browser.consoleErrorsBesidesRefusals();
        assertEquals(List.of(), errors);
    }

    static List<String> products() {
        return browser.all("#results tbody tr.result .product").stream().map(WebElement::getText).toList();
    }

    /** Opens a page, waits for its script to finish and takes the step's screenshot. */
    static void visit(String path, String step) {
        browser.open(m.url(path));
        browser.awaitSettled();
        browser.shot(step);
    }

    /** Clicks {@code css}, waits for the address to contain {@code expected} and the new page to finish, and takes a screenshot. */
    static void follow(String css, String expected, String step) {
        browser.find(css).click();
        browser.await("an address with " + expected, d -> d.getCurrentUrl().contains(expected));
        browser.awaitSettled();
        browser.shot(step);
    }

    static void search(String text, String step) {
        browser.find("#q").clear();
        browser.find("#q").sendKeys(text);
        follow("#search-button", "q=", step);
    }

    @Test
    void searchingByTextFindsThePackage() {
        visit("/", "everything");
        assertEquals(3, products().size(), "everything listed, before any search");

        search("legacy rules", "text-search");
        assertEquals(List.of("suricata-ids-lite"), products());
        assertEquals("1 package found.", browser.text("#summary"));
        assertEquals("Budget Edge Networks", browser.text("#results tr.result .provider"));
        assertEquals(m.lite(), browser.find("#results tr.result").getAttribute("data-digest"));
    }

    @Test
    void filtersNarrowTheList() {
        visit("/", "before-filters");
        search("suricata", "suricata");
        assertEquals(List.of("suricata-ids", "suricata-ids-lite"), products().stream().sorted().toList());

        browser.find("#filters summary").click();
        new Select(browser.find("#status-filter")).selectByVisibleText("accepted");
        browser.shot("filter-set");
        follow("#apply", "status=accepted", "filtered-by-status");
        assertEquals(List.of("suricata-ids"), products());
        assertTrue(browser.find("#filters").getAttribute("open") != null, "the filters in use stay open");
        assertEquals("suricata", browser.find("#q").getAttribute("value"), "the text is kept");

        visit("/?q=suricata&maxMemory=256", "filtered-by-memory");
        assertEquals(List.of("suricata-ids-lite"), products());
        assertEquals("256", browser.find("#maxMemory").getAttribute("value"));

        visit("/", "all-kinds");
        follow("#kinds a[data-kind=ns]", "kind=ns", "network-services");
        assertEquals(List.of("fixture-ns"), products());
        assertEquals("network service", browser.text("#results tr.result td:nth-child(2)"));
    }

    @Test
    void resultsArePaged() {
        visit("/?sort=name&limit=2", "page-1");
        assertEquals(2, products().size());
        assertEquals("Packages 1–2 (more on the next page).", browser.text("#summary"));
        assertFalse(browser.find("#previous").isDisplayed());
        follow("#next", "offset=2", "page-2");
        assertEquals(1, products().size());
        assertEquals("Packages 3–3.", browser.text("#summary"));
        assertTrue(browser.find("#previous").isDisplayed());
        assertFalse(browser.find("#next").isDisplayed());
    }

    @Test
    void aPackagePageShowsDigestRequirementsVerificationAndFindings() {
        visit("/?q=legacy+rules", "lite-found");
        follow("#results tr.result .product", "/packages/" + m.lite(), "lite-package");
        assertEquals("0x" + m.lite(), browser.text("#digest"));
        assertEquals("1 vCPU", browser.text("#need-vcpu"));
        assertEquals("256 MiB", browser.text("#need-memory"));
        assertEquals("256 MiB", browser.text("#need-disk"));
        assertEquals("passed", browser.text("#verification .badge"));
        assertTrue(browser.text("#verification .signers").startsWith("Signed by CN=Budget Edge Networks signer"), browser.text("#verification"));
        List<WebElement> findings = browser.all("#verification li.finding.warning");
        assertEquals(1, findings.size(), browser.text("#verification"));
        assertTrue(findings.get(0).getText().contains("no trusted certificate was given"), findings.get(0).getText());
        assertTrue(browser.text("#licence-terms").contains("no licence terms yet"), browser.text("#licence-terms"));
        assertEquals("not rated yet (no session so far)", browser.text("#reputation"));
        assertEquals("suricata-ids-lite 7.0.10 · vnfx dPortal", browser.await("the title", d -> d.getTitle()));
    }

    @Test
    void theExemplarsPageShowsItsOfferReputationLicenceTermsAndLicences() {
        visit("/packages/" + m.ids(), "ids-package");
        assertEquals("accepted", browser.text("#offer-status"));
        assertTrue(browser.text("#reputation").matches("0\\.\\d{3} after 1 session"), browser.text("#reputation"));
        assertEquals("Trial: 7 days from the first instance, at most 2 instances at a time.", browser.text("#licence-terms li.trial"));
        assertEquals("Private: 5,000 wei, at most 3 instances at a time per customer.", browser.text("#licence-terms li.private"));
        assertTrue(browser.all("#licence-terms li.public").isEmpty());
        assertEquals(1, browser.all("#licences tr.licence").size());
        assertTrue(browser.text("#licences tr.licence").startsWith("private"), browser.text("#licences tr.licence"));
        assertEquals("No findings: every check passed cleanly.", browser.text("#verification p.muted:last-child"));
        browser.find("#descriptor summary").click();
        browser.shot("ids-descriptor");
        assertTrue(browser.text("#descriptor pre").contains("\"product_name\": \"suricata-ids\""));
    }

    @Test
    void aPackageThatFailedVerificationShowsWhy() {
        visit("/packages/" + m.plain(), "failed-package");
        assertEquals("Package not listed", browser.text("h1"));
        assertEquals("0x" + m.plain(), browser.text("#digest"));
        assertEquals("failed", browser.text("#verification .badge"));
        assertFalse(browser.all("#verification li.finding.error").isEmpty(), browser.text("#verification"));
    }

    @Test
    void whatDoesNotExistGetsAClearPage() {
        String unknown = "ab".repeat(32);
        visit("/packages/" + unknown, "unknown-digest");
        assertEquals("Package not found", browser.text("#not-found"));
        assertTrue(browser.text("#content").contains("No package " + unknown + " in the catalogue"), browser.text("#content"));

        visit("/packages/not-a-digest", "not-a-digest");
        assertEquals("Not a package digest", browser.text("#not-found"));
        assertTrue(browser.text("#content").contains("64 hexadecimal digits"), browser.text("#content"));

        visit("/no/such/page", "no-such-page");
        assertEquals("Page not found", browser.text("#not-found"));
    }

    @Test
    void aBadFilterValueIsShownAtItsField() {
        visit("/?minVcpu=abc", "bad-filter");
        assertTrue(browser.find("#problem").isDisplayed());
        assertTrue(browser.text("#problem").contains("minVcpu must be a number of vCPUs"), browser.text("#problem"));
        assertTrue(browser.find("#minVcpu").getAttribute("class").contains("invalid"));
        assertFalse(browser.find("#results").isDisplayed());
    }
}
