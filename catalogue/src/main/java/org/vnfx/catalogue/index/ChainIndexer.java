package org.vnfx.catalogue.index;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.catalogue.CatalogueWriter;
import org.vnfx.catalogue.LicenceEntry;
import org.vnfx.catalogue.LicenceType;
import org.vnfx.catalogue.OfferEntry;
import org.vnfx.catalogue.OfferStatus;
import org.vnfx.catalogue.PackageEntry;
import org.vnfx.catalogue.Upsert;
import org.vnfx.catalogue.VerificationEntry;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Offers;
import org.vnfx.crypto.CryptoException;
import org.vnfx.crypto.Ecies;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.events.BlockTimes;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.packages.descriptor.Descriptor;
import org.vnfx.store.ArtifactNotFoundException;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Keeps the catalogue as a read model of the chain and the store (DESIGN.md, NFV Repository). It follows the
 * Offers contract's events from the checkpoint the catalogue itself holds, so a dropped database is rebuilt from
 * the suite's first block:
 * <ul>
 *   <li>OfferAdvertised: opens the operator's key envelope, fetches the ciphertext by its CID, decrypts it and
 *       checks the package digest, runs the repository's SOL004 checks and reads the descriptor, then stores the
 *       package, its offer and the indexer's verification record;</li>
 *   <li>OfferStatusChanged and ReputationUpdated: the offer's status and reputation as of that block.</li>
 * </ul>
 * Every value comes from the chain or the package (times are block timestamps, certificates are checked at the
 * advertisement's block time), so two rebuilds give the same catalogue. Events are delivered at least once and
 * every write is idempotent.
 *
 * <p>A package that can never be catalogued (the envelope does not open for this key, the bytes do not match
 * the digest, the package or its descriptor is rejected) gets a failed verification record and no listing. A
 * package the store cannot serve yet stops the pass at its block, which is retried: the catalogue never skips one.
 */
public final class ChainIndexer implements AutoCloseable {
    /** The name of the indexer's checkpoint and of its verification records. */
    public static final String NAME = "indexer";
    private static final BigDecimal WAD = BigDecimal.TEN.pow(18);
    private static final Logger LOG = LoggerFactory.getLogger(ChainIndexer.class);

    private final ArtifactStore store;
    private final ECKeyPair operatorEncryption;
    private final CatalogueWriter catalogue;
    private final PackageInspector inspector;
    private final EventFollower follower;
    private final BlockTimes blockTimes;

    /**
     * @param operatorEncryption the operator's encryption key: the advertisements seal each package's content key for it
     * @param verifierOptions    trust anchors and limits for the SOL004 checks (the time is set per advertisement)
     * @param workDir            scratch space for one package at a time (ciphertext and plaintext)
     */
    public ChainIndexer(Chain chain, DeploymentRecord record, ArtifactStore store, ECKeyPair operatorEncryption, CatalogueWriter catalogue,
            VerifierOptions verifierOptions, Path workDir) throws IOException {
        this.blockTimes = new BlockTimes(chain);
        this.store = store;
        this.operatorEncryption = operatorEncryption;
        this.catalogue = catalogue;
        this.inspector = new PackageInspector(store, verifierOptions, workDir);
        EventFollower.Checkpoints checkpoints = new EventFollower.Checkpoints() {
            @Override
            public OptionalLong load() {
                return catalogue.checkpoint(NAME);
            }

            @Override
            public void save(long block) {
                catalogue.saveCheckpoint(NAME, block);
            }
        };
        this.follower = new EventFollower(chain, List.of(record.address("Offers"), record.address("Licences")), checkpoints, record.blockNumber())
                .on(Offers.OFFERADVERTISED_EVENT, this::advertised)
                .on(Offers.OFFERSTATUSCHANGED_EVENT, this::statusChanged)
                .on(Offers.REPUTATIONUPDATED_EVENT, this::reputationUpdated)
                .on(Licences.LICENCEACQUIRED_EVENT, this::licenceBought)
                .on(Licences.TRIALACTIVATED_EVENT, this::trialActivated);
    }

    /** Applies every event up to the chain head; returns how many were handled. */
    public int catchUp() throws Exception {
        return follower.poll();
    }

    /** The last block fully applied. */
    public long checkpoint() {
        return follower.checkpoint();
    }

    /** Follows the chain in the background until {@link #close()}. */
    public void start(Duration interval, Consumer<Exception> onError) {
        follower.start(interval, onError);
    }

    @Override
    public void close() {
        follower.close();
    }

    private void advertised(Log log) throws Exception {
        Offers.OfferAdvertisedEventResponse e = Offers.getOfferAdvertisedEventFromLog(log);
        String digest = HexFormat.of().formatHex(e.packageDigest);
        long block = log.getBlockNumber().longValueExact();
        Instant at = blockTime(block);
        Cid cid = new Cid(e.cidCodec.intValueExact(), e.contentDigest);
        byte[] key;
        try {
            key = Ecies.open(operatorEncryption, e.operatorKeyEnvelope, EnvelopeContext.offer(e.packageDigest));
        } catch (CryptoException x) {
            rejected(digest, at, "the offer's key envelope does not open for this operator key: " + x.getMessage());
            return;
        }
        PackageInspector.Inspection found;
        try {
            found = inspector.inspect(e.packageDigest, cid, key, at);
        } catch (ArtifactNotFoundException x) {
            throw new IOException("offer 0x" + digest + " (block " + block + "): the store " + store.describe() + " does not hold " + cid
                    + " yet; the indexer retries from this block", x);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        if (!found.passed()) {
            LOG.warn("offer 0x{}: not catalogued: {}", digest, found.findings().get(0));
            catalogue.putVerification(new VerificationEntry(digest, NAME, false, List.of(), found.findings(), at));
            return;
        }
        PackageEntry entry = new PackageEntry(digest, found.sizeBytes(), found.descriptor(), at);
        Upsert stored = catalogue.putPackage(entry);
        if (stored.outcome() == Upsert.Outcome.CONFLICT) {
            Descriptor d = found.descriptor();
            rejected(digest, at, d.kind() + " " + d.provider() + " / " + d.product() + " " + entry.version()
                    + " is already catalogued as package 0x" + stored.existingDigest());
            return;
        }
        catalogue.putOffer(new OfferEntry(digest, e.provider.toLowerCase(Locale.ROOT), FunctionType.fromBytes32(e.functionType), e.basePricePerSecond,
                cid.toString(), block, at));
        catalogue.putVerification(new VerificationEntry(digest, NAME, true, found.signers(), found.findings(), at));
    }

    private void rejected(String digest, Instant at, String reason) {
        LOG.warn("offer 0x{}: not catalogued: {}", digest, reason);
        catalogue.putVerification(new VerificationEntry(digest, NAME, false, List.of(), List.of(reason), at));
    }

    private void statusChanged(Log log) throws IOException {
        Offers.OfferStatusChangedEventResponse e = Offers.getOfferStatusChangedEventFromLog(log);
        String digest = HexFormat.of().formatHex(e.packageDigest);
        if (!catalogue.hasOffer(digest)) return; // a package that could not be listed: its verification record says why
        long block = log.getBlockNumber().longValueExact();
        catalogue.setOfferStatus(digest, OfferStatus.fromChain(e.status.intValueExact()), block, blockTime(block));
    }

    private void reputationUpdated(Log log) throws IOException {
        Offers.ReputationUpdatedEventResponse e = Offers.getReputationUpdatedEventFromLog(log);
        String digest = HexFormat.of().formatHex(e.packageDigest);
        if (!catalogue.hasOffer(digest)) return;
        long block = log.getBlockNumber().longValueExact();
        double reputation = new BigDecimal(e.reputation).divide(WAD).doubleValue();
        catalogue.setReputation(digest, reputation, e.sessions.longValueExact(), block, blockTime(block));
    }

    /** A private licence bought: an acquired-licence object whose payment reference is the buying transaction. */
    private void licenceBought(Log log) throws IOException {
        Licences.LicenceAcquiredEventResponse e = Licences.getLicenceAcquiredEventFromLog(log);
        licence(log, e.packageDigest, e.customer, LicenceType.PRIVATE, e.paid);
    }

    /** A trial activated by a first instantiation: acquired too, for nothing. */
    private void trialActivated(Log log) throws IOException {
        Licences.TrialActivatedEventResponse e = Licences.getTrialActivatedEventFromLog(log);
        licence(log, e.packageDigest, e.customer, LicenceType.TRIAL, BigInteger.ZERO);
    }

    private void licence(Log log, byte[] packageDigest, String customer, LicenceType type, BigInteger paid) throws IOException {
        String digest = HexFormat.of().formatHex(packageDigest);
        if (!catalogue.hasOffer(digest)) return; // a package that could not be listed
        long block = log.getBlockNumber().longValueExact();
        catalogue.putLicence(new LicenceEntry(log.getTransactionHash() + ":" + log.getLogIndex(), digest, customer.toLowerCase(Locale.ROOT), type,
                log.getTransactionHash(), paid, block, blockTime(block)));
    }

    private Instant blockTime(long block) throws IOException {
        return blockTimes.of(block);
    }
}
