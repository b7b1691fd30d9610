// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IRoleOracle, RoleGated, Roles} from "./Roles.sol";
import {ReputationMath} from "./ReputationMath.sol";
import {IListingGate} from "./Attestations.sol";

/// @title Offers: VNF advertisements, their acceptance by the operator, and each VNF's reputation.
/// @notice An offer is keyed by the SHA-256 digest of its VNF package, so one package has exactly one
/// publisher (origin) and the same content cannot be advertised twice. The ciphertext's location is a
/// CIDv1 kept as (codec, sha2-256 digest): 33 bytes instead of a 59-character string.
/// Reputation lives beside the base price in the offer's last storage slot because equation (3)
/// reads both at every settlement.
contract Offers is RoleGated {
    enum Status { None, Advertised, Accepted, Rejected, Retired }

    struct Offer {
        bytes32 contentDigest;      // sha2-256 multihash digest inside the ciphertext's CIDv1
        bytes32 functionType;       // short ASCII name, left-aligned ("ids", "firewall", ...)
        address provider;
        Status status;
        bool operatorOwned;
        uint8 cidCodec;             // multicodec of the CID: 0x55 raw, 0x70 dag-pb
        uint32 vcpuMillis;          // thousandths of a vCPU
        uint32 memoryMiB;
        uint128 basePricePerSecond; // B_v, wei per second
        uint32 diskMiB;
        uint64 reputation;          // R(v, t), WAD
        uint32 sessions;            // settled sessions so far
    }

    struct Requirements {
        Status status;
        bytes32 functionType;
        uint32 vcpuMillis;
        uint32 memoryMiB;
        uint32 diskMiB;
    }

    uint8 internal constant CODEC_RAW = 0x55;
    uint8 internal constant CODEC_DAG_PB = 0x70;

    mapping(bytes32 packageDigest => Offer) private _offers;
    /// Accepted offers per function type, so a request for a function nobody offers fails at once.
    mapping(bytes32 functionType => uint256) public acceptedOffers;

    /// Reputation parameters, set by the operator. Weights: eight uint32 in millionths, type 0 lowest.
    uint256 public errorWeights;
    uint64 public alpha;
    uint64 public priorReputation;
    /// The Orchestration contract, the only caller of recordSession.
    address public immutable orchestration;
    /// Validators' verdicts, asked at every acceptance (a threshold of 0 leaves acceptance to the operator alone).
    IListingGate public immutable attestations;

    event OfferAdvertised(
        bytes32 indexed packageDigest,
        address indexed provider,
        bytes32 indexed functionType,
        uint8 cidCodec,
        bytes32 contentDigest,
        uint32 vcpuMillis,
        uint32 memoryMiB,
        uint32 diskMiB,
        uint128 basePricePerSecond,
        bool operatorOwned,
        bytes operatorKeyEnvelope
    );
    event OfferStatusChanged(bytes32 indexed packageDigest, Status status, address indexed by);
    event ReputationParametersSet(uint64 alpha, uint64 priorReputation, uint32[8] weights);
    event ReputationUpdated(
        bytes32 indexed packageDigest,
        uint256 indexed deploymentId,
        uint64 instantaneous,
        uint64 reputation,
        uint32 sessions
    );

    error NotOrchestration(address caller);
    error NotProvider(address caller);
    error NotOfferProvider(bytes32 packageDigest, address caller);
    error OfferExists(bytes32 packageDigest);
    error UnknownOffer(bytes32 packageDigest);
    error WrongOfferStatus(bytes32 packageDigest, Status status);
    error InvalidOffer(bytes32 packageDigest, string field);
    error InvalidReputationParameters();
    error InvalidEnvelope(uint256 length);

    uint256 public constant MAX_ENVELOPE_BYTES = 512;

    /// Orchestration and Attestations are deployed after Offers (they read it): the deployer passes the
    /// addresses they will have (CREATE addresses follow from its account and nonce) and checks them after.
    constructor(IRoleOracle identities_, address orchestration_, IListingGate attestations_) RoleGated(identities_) {
        if (orchestration_ == address(0) || address(attestations_) == address(0)) revert ZeroAddress();
        orchestration = orchestration_;
        attestations = attestations_;
        alpha = 0.3e18;
        priorReputation = 0.5e18;
        // capture drops 0.001, decoder errors 0.01, memcap hits 0.05, rule failures 0.5,
        // engine crash 1.0, failed start 1.0, reserved 0.1, reserved 0.1 (see docs/reputation.md and ErrorType.java)
        errorWeights = _pack([uint32(1_000), 10_000, 50_000, 500_000, 1_000_000, 1_000_000, 100_000, 100_000]);
    }

    /// @notice Advertise a VNF package. Only approved providers; operators publish operator-owned offers.
    /// `operatorKeyEnvelope` is the package's content key sealed (ECIES) for the operator's encryption key:
    /// the orchestrator opens it and re-seals the key for each MEC it grants. It lives only in the event.
    function advertise(
        bytes32 packageDigest,
        uint8 cidCodec,
        bytes32 contentDigest,
        bytes32 functionType,
        uint32 vcpuMillis,
        uint32 memoryMiB,
        uint32 diskMiB,
        uint128 basePricePerSecond,
        bytes calldata operatorKeyEnvelope
    ) external {
        bool operatorOwned = _hasRole(Roles.OPERATOR, msg.sender);
        if (!operatorOwned && !_hasRole(Roles.PROVIDER, msg.sender)) revert NotProvider(msg.sender);
        if (packageDigest == bytes32(0)) revert InvalidOffer(packageDigest, "packageDigest");
        if (cidCodec != CODEC_RAW && cidCodec != CODEC_DAG_PB) revert InvalidOffer(packageDigest, "cidCodec");
        if (contentDigest == bytes32(0)) revert InvalidOffer(packageDigest, "contentDigest");
        if (functionType == bytes32(0)) revert InvalidOffer(packageDigest, "functionType");
        if (vcpuMillis == 0 || memoryMiB == 0) revert InvalidOffer(packageDigest, "requirements");
        if (operatorKeyEnvelope.length == 0 || operatorKeyEnvelope.length > MAX_ENVELOPE_BYTES) {
            revert InvalidEnvelope(operatorKeyEnvelope.length);
        }
        Offer storage o = _offers[packageDigest];
        if (o.status != Status.None) revert OfferExists(packageDigest);
        _offers[packageDigest] = Offer(
            contentDigest, functionType, msg.sender, Status.Advertised, operatorOwned, cidCodec,
            vcpuMillis, memoryMiB, basePricePerSecond, diskMiB, priorReputation, 0
        );
        emit OfferAdvertised(
            packageDigest, msg.sender, functionType, cidCodec, contentDigest,
            vcpuMillis, memoryMiB, diskMiB, basePricePerSecond, operatorOwned, operatorKeyEnvelope
        );
    }

    function accept(bytes32 packageDigest) external {
        _requireOperator();
        Offer storage o = _existing(packageDigest);
        if (o.status != Status.Advertised) revert WrongOfferStatus(packageDigest, o.status);
        attestations.requireListed(packageDigest); // reverts NotListed, bubbled up
        o.status = Status.Accepted;
        ++acceptedOffers[o.functionType];
        emit OfferStatusChanged(packageDigest, Status.Accepted, msg.sender);
    }

    function reject(bytes32 packageDigest) external {
        _requireOperator();
        Offer storage o = _existing(packageDigest);
        if (o.status != Status.Advertised) revert WrongOfferStatus(packageDigest, o.status);
        o.status = Status.Rejected;
        emit OfferStatusChanged(packageDigest, Status.Rejected, msg.sender);
    }

    /// @notice Stop granting an accepted offer. The operator or the offer's own provider may retire it;
    /// deployments already granted run on and are settled.
    function retire(bytes32 packageDigest) external {
        Offer storage o = _existing(packageDigest);
        if (msg.sender != o.provider && !_hasRole(Roles.OPERATOR, msg.sender)) {
            revert NotOfferProvider(packageDigest, msg.sender);
        }
        if (o.status != Status.Accepted && o.status != Status.Advertised) revert WrongOfferStatus(packageDigest, o.status);
        if (o.status == Status.Accepted) --acceptedOffers[o.functionType];
        o.status = Status.Retired;
        emit OfferStatusChanged(packageDigest, Status.Retired, msg.sender);
    }

    function setReputationParameters(uint64 alpha_, uint64 prior_, uint32[8] calldata newWeights) external {
        _requireOperator();
        if (alpha_ == 0 || alpha_ >= ReputationMath.WAD || prior_ == 0 || prior_ > ReputationMath.WAD) {
            revert InvalidReputationParameters();
        }
        alpha = alpha_;
        priorReputation = prior_;
        errorWeights = _pack(newWeights);
        emit ReputationParametersSet(alpha_, prior_, newWeights);
    }

    /// @notice Equations (1)-(3) for one finished session: update the VNF's reputation and price the session.
    function recordSession(bytes32 packageDigest, uint256 deploymentId, uint32 usageSeconds, uint32[8] calldata errorCounts)
        external
        returns (address provider, uint256 amount)
    {
        if (msg.sender != orchestration) revert NotOrchestration(msg.sender);
        Offer storage o = _offers[packageDigest];
        uint256 instant = ReputationMath.instantaneous(errorWeights, errorCounts);
        uint256 reputation = ReputationMath.smoothed(alpha, instant, o.reputation);
        uint32 sessions = o.sessions + 1;
        o.reputation = uint64(reputation);
        o.sessions = sessions;
        emit ReputationUpdated(packageDigest, deploymentId, uint64(instant), uint64(reputation), sessions);
        return (o.provider, ReputationMath.price(reputation, o.basePricePerSecond, usageSeconds));
    }

    function offer(bytes32 packageDigest) external view returns (Offer memory) {
        return _offers[packageDigest];
    }

    function requirements(bytes32 packageDigest) external view returns (Requirements memory r) {
        Offer storage o = _offers[packageDigest];
        return Requirements(o.status, o.functionType, o.vcpuMillis, o.memoryMiB, o.diskMiB);
    }

    /// The offer's provider alone: what Orchestration.settle and Policies ask (decoding the whole Offer costs code).
    function providerOf(bytes32 packageDigest) external view returns (address) {
        return _offers[packageDigest].provider;
    }

    function weights() external view returns (uint32[8] memory w) {
        uint256 packed = errorWeights;
        for (uint256 e; e < ReputationMath.ERROR_TYPES; ++e) w[e] = uint32(packed >> (32 * e));
    }

    function _existing(bytes32 packageDigest) private view returns (Offer storage o) {
        o = _offers[packageDigest];
        if (o.status == Status.None) revert UnknownOffer(packageDigest);
    }

    function _pack(uint32[8] memory w) private pure returns (uint256 packed) {
        for (uint256 e; e < ReputationMath.ERROR_TYPES; ++e) packed |= uint256(w[e]) << (32 * e);
    }
}
