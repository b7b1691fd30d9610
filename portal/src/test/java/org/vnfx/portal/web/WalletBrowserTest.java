package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;

/**
 * Signing with a browser wallet, for real: before the page loads, the test puts a real EIP-1193 provider on
 * {@code window.ethereum} whose {@code request} forwards JSON-RPC to the marketplace's anvil, where anvil's own unlocked
 * dev account signs {@code eth_sendTransaction} (as a wallet's key would). That account is registered as a customer with
 * the ledger's Java API. The customer page then buys a private licence, starts an instance and ends it through the
 * wallet; the portal only prepares each transaction. Checked on chain: the licence and the instance are the wallet
 * account's, and the portal's own key signed nothing (its nonce is unchanged). A wallet on another chain is told so.
 */
class WalletBrowserTest {
    /** anvil's default mnemonic: its dev accounts are m/44'/60'/0'/0/i. Account 0 is the faucet the fixture funds actors from. */
    static final String ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
    static final Licensing.Terms PRIVATE = new Licensing.Terms(false, 0, 0, BigInteger.valueOf(6_000), 1);

    static Marketplace m;
    static Browser browser;
    static Credentials dev;
    static TestMarket.Actor portalUser;
    static PortalServer portal;
    static String sale;

    /** Anvil's dev account {@code index}, derived from the mnemonic (BIP-32/44) as any wallet derives it. */
    static Credentials devAccount(int index) {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(ANVIL_MNEMONIC, ""));
        int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    /**
     * The wallet: a minimal EIP-1193 provider. It shares one account, as a wallet does once the user allows the site,
     * and forwards everything else to the node, which signs for its unlocked dev accounts. With ?wallet=wrong-chain in the page's
     * address it claims chain 1 and cannot switch, as a wallet that does not know the portal's network.
     */
    static String provider(String rpcUrl, String account) {
        return """
                (() => {
                  const rpc = '%s';
                  const account = '%s';
                  const wrongChain = new URLSearchParams(location.search).get('wallet') === 'wrong-chain';
                  const listeners = {};
                  let id = 0;
                  window.walletCalls = [];
                  window.ethereum = {
                    async request({ method, params }) {
                      window.walletCalls.push(method);
                      if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account];
                      if (wrongChain && method === 'eth_chainId') return '0x1';
                      if (wrongChain && method === 'wallet_switchEthereumChain') {
                        throw Object.assign(new Error('Unrecognized chain ID. Try adding the chain first.'), { code: 4902 });
                      }
                      const r = await fetch(rpc, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params || [] }) });
                      const answer = await r.json();
                      if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code, data: answer.error.data });
                      return answer.result;
                    },
                    on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
                    removeListener(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); },
                  };
                })();
                """.formatted(rpcUrl, account);
    }

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        dev = devAccount(1);
        @SuppressWarnings("unchecked")
        List<String> unlocked = (List<String>) m.market().chain.rpc("eth_accounts");
        assertTrue(unlocked.contains(dev.getAddress().toLowerCase(Locale.ROOT)), "anvil unlocks dev account 1: " + unlocked);
        Market devMarket = new Market(m.market().chain, m.market().record, dev);
        if (devMarket.identity(dev.getAddress()).status.signum() == 0) devMarket.register(Role.CUSTOMER, PublicKeys.compressed(Keys.createEcKeyPair()));

        TestMarket.Actor seller = m.market().actor("wallet-seller", Role.PROVIDER);
        sale = CustomerApiTest.offer(m, seller, PRIVATE);
        portalUser = m.market().actor("wallet-portal-user", Role.CUSTOMER);
        portal = m.portalOf(portalUser);
        browser = new Browser("wallet");
        ChromeDriver driver = (ChromeDriver) browser.driver();
        // A wallet extension reaches its node from its own context, outside the page's Content-Security-Policy (which
        // allows this portal only); this stand-in lives in the page, so the page's CSP is lifted for this browser.
        driver.executeCdpCommand("Page.enable", Map.of());
        driver.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", provider(m.market().chain.node().rpcUrl().toString(), dev.getAddress().toLowerCase(Locale.ROOT))));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (portal != null) portal.close();
    }

    @AfterEach
    void consoleStaysClean() {
        List<String> errors = browser.consoleErrorsBesidesRefusals();
        assertEquals(List.of(), errors);
    }

    static WebElement card(String digest) {
        return browser.await("the offer " + digest, d -> d.findElements(By.cssSelector("article.offer[data-digest='" + digest + "']")).stream().findFirst().orElse(null));
    }

    static String connect(String path) {
        browser.open(portal.url().resolve(path));
        browser.awaitSettled();
        assertTrue(browser.find("#wallet").isDisplayed(), "a wallet is present: the page offers it");
        browser.shot("portal-key");
        browser.find("#wallet-connect").click();
        browser.await("the wallet connected or refused", d -> "wallet".equals(browser.find("#wallet").getAttribute("data-mode"))
                || browser.find("#wallet-problem").isDisplayed());
        return browser.text("#signer");
    }

    static Licensing.Licence held(String address) throws Exception {
        return new Licensing(m.market().chain, m.market().record, dev).licence(address, HexFormat.of().parseHex(sale));
    }

    @Test
    void theWalletBuysStartsAndEndsAnInstanceAndThePortalsKeySignsNothing() throws Exception {
        BigInteger portalNonce = m.market().nonce(portalUser.address());
        BigInteger walletNonce = m.market().nonce(dev.getAddress());
        String signer = connect("/customer");
        browser.await("the wallet account's data", d -> dev.getAddress().equalsIgnoreCase(browser.find("#customer").getAttribute("data-account")));
        browser.shot("wallet-connected");
        assertTrue(signer.startsWith("Signed by your browser wallet: " + dev.getAddress().toLowerCase(Locale.ROOT) + " (a customer)"), signer);

        card(sale).findElement(By.cssSelector("button.buy")).click();
        String said = CustomerBrowserTest.awaitOutcome(browser, "#action-result");
        browser.shot("bought");
        assertTrue(said.startsWith("Bought the private licence of ns-") && said.contains("Signed by your wallet"), said);
        assertTrue(held(dev.getAddress()).bought(), "the wallet's account holds the licence");
        assertEquals(BigInteger.valueOf(6_000), held(dev.getAddress()).paid());
        assertEquals("private", browser.find("tr.licence[data-digest='" + sale + "'] .type").getText());

        card(sale).findElement(By.cssSelector("button.instantiate")).click();
        said = CustomerBrowserTest.awaitOutcome(browser, "#action-result");
        browser.shot("instantiated");
        assertTrue(said.startsWith("Started an instance of ns-"), said);
        assertEquals(1, held(dev.getAddress()).privateInUse());
        String id = browser.find("tr.instance[data-digest='" + sale + "']").getAttribute("data-id");
        Licensing.Instance instance = Licensing.Instance.of(CustomerApi.instanceId(id));
        assertEquals(dev.getAddress().toLowerCase(Locale.ROOT), instance.customer(), "the instance is the wallet account's");
        assertNotNull(new Licensing(m.market().chain, m.market().record, dev).instancePackage(instance.id()), "the instance runs on chain");

        // The pre-flight refuses as the wallet's account, before the wallet is asked to sign anything.
        card(sale).findElement(By.cssSelector("button.instantiate")).click();
        String refused = CustomerBrowserTest.awaitOutcome(browser, "#action-problem");
        browser.shot("slots-full");
        assertTrue(refused.startsWith("Refused by the chain: Licences.instantiate reverted with SlotsFull("), refused);

        browser.find("tr.instance[data-id='" + id + "'] button.terminate").click();
        said = CustomerBrowserTest.awaitOutcome(browser, "#action-result");
        browser.shot("terminated");
        assertTrue(said.startsWith("Terminated instance " + id), said);
        assertNull(new Licensing(m.market().chain, m.market().record, dev).instancePackage(instance.id()));
        assertEquals(0, held(dev.getAddress()).privateInUse());

        assertEquals(walletNonce.add(BigInteger.valueOf(3)), m.market().nonce(dev.getAddress()), "the wallet sent buy, instantiate and terminate");
        assertEquals(portalNonce, m.market().nonce(portalUser.address()), "the portal's own key signed nothing");
        assertFalse(held(portalUser.address()).bought());
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) ((ChromeDriver) browser.driver()).executeScript("return window.walletCalls;");
        assertEquals(3, calls.stream().filter("eth_sendTransaction"::equals).count(), calls.toString());
        assertTrue(calls.contains("eth_getTransactionReceipt"), calls.toString());
    }

    @Test
    void aWalletOnAnotherChainIsToldWhichChainToUse() throws Exception {
        BigInteger walletNonce = m.market().nonce(dev.getAddress());
        connect("/customer?wallet=wrong-chain");
        browser.shot("wrong-chain");
        long chainId = m.market().chain.chainId();
        assertEquals("Your wallet is on chain 1 but this portal's marketplace is on chain " + chainId + " (0x" + Long.toHexString(chainId)
                + "): switch the wallet to that network and try again.", browser.text("#wallet-problem"));
        assertEquals("portal", browser.find("#wallet").getAttribute("data-mode"), "still signing with the portal's key");
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) ((ChromeDriver) browser.driver()).executeScript("return window.walletCalls;");
        assertTrue(calls.contains("wallet_switchEthereumChain"), "the page asked the wallet to switch first: " + calls);
        assertEquals(walletNonce, m.market().nonce(dev.getAddress()));
    }
}
