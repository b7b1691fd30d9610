package org.vnfx.validator;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.index.PackageInspector;
import org.vnfx.contracts.Attestations;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.CryptoException;
import org.vnfx.crypto.DurableFile;
import org.vnfx.crypto.Ecies;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.store.ArtifactNotFoundException;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A validator node (DESIGN.md, role VALIDATOR), run by an independent party: for every content key the operator
 * shares with this validator (Attestations' KeyShared events naming its address) it opens the envelope with its
 * encryption key, runs the repository's checks on the package ({@link PackageInspector}: fetch by CID, decrypt,
 * digest, SOL004 signature and manifest checks, descriptor; certificates checked at the advertisement's block
 * time) and attests pass or fail on chain.
 *
 * <p>The reason recorded on chain is {@code SHA-256(findings text)} where the findings text is the inspection's
 * finding lines (errors first, then warnings, as {@link PackageInspector} orders them), each followed by one
 * {@code '\n'}, encoded in UTF-8; a clean pass has the empty text. The text is kept in
 * {@code stateDir/findings/<digest>.txt} so that anyone can check it against the digest.
 *
 * <p>Transient trouble never becomes a verdict: a package the store cannot serve (yet), or a store or disk
 * error, stops the pass at that block without advancing the checkpoint, and the next pass retries it. A key
 * envelope that does not open for this validator is not the package's fault either: it is logged and skipped,
 * without a verdict. A package already attested by this validator (a replayed block) or no longer advertised is
 * skipped.
 */
public final class ValidatorAgent implements AutoCloseable {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorAgent.class);

    public enum Outcome { PASSED, FAILED, ALREADY_ATTESTED, NOT_ADVERTISED, KEY_UNUSABLE }

    /** What became of one shared key. {@code findings} and {@code reasonDigest} are set when attested. */
    public record Report(byte[] packageDigest, Outcome outcome, List<String> findings, byte[] reasonDigest, TransactionReceipt receipt) {
        public Report {
            findings = List.copyOf(findings);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("package 0x").append(HexFormat.of().formatHex(packageDigest)).append(": ").append(outcome);
            if (reasonDigest != null) s.append(" (reason 0x").append(HexFormat.of().formatHex(reasonDigest)).append(")");
            if (outcome == Outcome.FAILED && !findings.isEmpty()) s.append(": ").append(findings.get(0));
            return s.toString();
        }
    }

    private final Chain chain;
    private final DeploymentRecord record;
    private final Credentials validator;
    private final ECKeyPair encryption;
    private final Attestation attestation;
    private final Market market;
    private final PackageInspector inspector;
    private final Path findingsDir;
    private final Consumer<Report> listener;
    private final EventFollower follower;

    /**
     * @param stateDir the validator's folder (DATA_DIR/validator): checkpoint.json, findings/, scratch/
     */
    public ValidatorAgent(Chain chain, DeploymentRecord record, Credentials validator, ECKeyPair encryption, ArtifactStore store,
            VerifierOptions options, Path stateDir, Consumer<Report> listener) throws IOException {
        this.chain = chain;
        this.record = record;
        this.validator = validator;
        this.encryption = encryption;
        this.attestation = new Attestation(chain, record, validator);
        this.market = new Market(chain, record, validator);
        this.inspector = new PackageInspector(store, options, stateDir.resolve("scratch"));
        this.findingsDir = Files.createDirectories(stateDir.resolve("findings"));
        this.listener = listener;
        this.follower = new EventFollower(chain, List.of(record.address("Attestations")), stateDir.resolve("checkpoint.json"), record.blockNumber())
                .on(Attestations.KEYSHARED_EVENT, this::keyShared);
    }

    /** The exact text whose SHA-256 is attested: each finding line followed by a newline. */
    public static String findingsText(List<String> findings) {
        StringBuilder s = new StringBuilder();
        for (String f : findings) s.append(f).append('\n');
        return s.toString();
    }

    /** Handles the keys shared so far, then follows new ones in the background until {@link #close()}. */
    public ValidatorAgent start() throws Exception {
        catchUp();
        follower.start(POLL_INTERVAL, e -> LOG.warn("validator pass failed, will retry: {}", e.toString()));
        return this;
    }

    /** Handles every shared key up to the chain head in the caller's thread; returns how many KeyShared events were read. */
    public int catchUp() throws Exception {
        return follower.poll();
    }

    public long checkpoint() {
        return follower.checkpoint();
    }

    public String address() {
        return validator.getAddress();
    }

    private void keyShared(Log log) throws Exception {
        Attestation.SharedKey k = Attestation.sharedKey(log);
        if (!k.validator().equalsIgnoreCase(validator.getAddress())) return;
        listener.accept(validate(k.packageDigest(), k.envelope()));
    }

    /** Inspects and attests one package whose key was shared with this validator. Safe to call again. */
    public synchronized Report validate(byte[] packageDigest, byte[] envelope) throws Exception {
        String digest = HexFormat.of().formatHex(packageDigest);
        if (attestation.vote(packageDigest, validator.getAddress()) != Attestation.Vote.NONE) {
            return new Report(packageDigest, Outcome.ALREADY_ATTESTED, List.of(), null, null);
        }
        Offers.Offer offer = market.offer(packageDigest);
        if (Market.OfferStatus.values()[offer.status.intValueExact()] != Market.OfferStatus.ADVERTISED) {
            return new Report(packageDigest, Outcome.NOT_ADVERTISED, List.of(), null, null);
        }
        byte[] key;
        try {
            key = Ecies.open(encryption, envelope, EnvelopeContext.attestation(packageDigest, validator.getAddress().toLowerCase(Locale.ROOT)));
        } catch (CryptoException e) {
            LOG.warn("package 0x{}: the shared key envelope does not open for this validator's key (rotated?), no verdict: {}", digest, e.getMessage());
            return new Report(packageDigest, Outcome.KEY_UNUSABLE, List.of(e.getMessage()), null, null);
        }
        PackageInspector.Inspection found;
        try {
            Cid cid = new Cid(offer.cidCodec.intValueExact(), offer.contentDigest);
            found = inspector.inspect(packageDigest, cid, key, advertisedAt(packageDigest));
        } catch (ArtifactNotFoundException e) {
            throw new IOException("package 0x" + digest + ": the store does not hold its content yet; retried on the next pass", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        String text = findingsText(found.findings());
        byte[] reason = Attestation.reasonDigest(text);
        // Kept before the verdict is sent: the text must be there for anyone checking the digest on chain.
        DurableFile.write(findingsDir.resolve(digest + ".txt"), text.getBytes(StandardCharsets.UTF_8));
        try {
            TransactionReceipt r = attestation.attest(packageDigest, found.passed(), reason);
            return new Report(packageDigest, found.passed() ? Outcome.PASSED : Outcome.FAILED, found.findings(), reason, r);
        } catch (ContractRevertException e) {
            // A verdict from another process with this key, or the operator decided meanwhile.
            if (e.error().equals("AlreadyAttested")) return new Report(packageDigest, Outcome.ALREADY_ATTESTED, List.of(), null, null);
            if (e.error().equals("NotAdvertised")) return new Report(packageDigest, Outcome.NOT_ADVERTISED, List.of(), null, null);
            throw e;
        }
    }

    /** The advertisement's block time: certificates are checked at it, so every validator judges the same package alike. */
    private Instant advertisedAt(byte[] packageDigest) throws IOException {
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(record.blockNumber())),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(chain.blockNumber())), record.address("Offers"));
        f.addSingleTopic(EventEncoder.encode(Offers.OFFERADVERTISED_EVENT));
        f.addSingleTopic("0x" + HexFormat.of().formatHex(packageDigest));
        List<Log> logs = chain.logs(f);
        if (logs.isEmpty()) throw new IOException("no advertisement of package 0x" + HexFormat.of().formatHex(packageDigest) + " on chain");
        return chain.blockTime(logs.get(0).getBlockNumber().longValueExact());
    }

    @Override
    public void close() {
        follower.close();
    }
}
