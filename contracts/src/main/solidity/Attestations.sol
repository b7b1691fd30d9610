// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IRoleOracle, RoleGated, Roles} from "./Roles.sol";
import {Offers} from "./Offers.sol";

/// @notice What Offers asks before an acceptance (one call, reverting with the reason when the answer is no).
interface IListingGate {
    function requireListed(bytes32 packageDigest) external view;
}

/// @title Attestations: independent validators' verdicts on advertised packages.
/// @notice Approved validators fetch an advertised package, run the repository's checks on it and attest
/// pass or fail once each, with the SHA-256 of their findings. A package is listed when at least
/// `threshold` validators passed it and none failed it; Offers.accept requires that once this contract is
/// bound to it and the threshold is above zero (zero switches the gate off).
/// Key sharing: a validator needs the package's content key. The operator, who can open the provider's
/// envelope, re-seals the key for each approved validator and publishes it with shareKey; envelopes
/// travel in events only, never in storage (as in Offers and Orchestration).
/// Revocation: a validator whose role was revoked (Identities.revoke) no longer counts. Its votes stay
/// in the tally until anyone strikes them with strike(), one package per call (no loop over a validator's
/// history); `vnfx attest strike` and the operator's tools strike before they accept.
contract Attestations is IListingGate, RoleGated {
    enum Vote { None, Pass, Fail }

    /// One slot per package: counts are bounded by the number of validators, far below 2^16.
    struct Tally {
        uint16 passes;
        uint16 fails;
    }

    uint256 public constant MAX_ENVELOPE_BYTES = 512;

    Offers public immutable offers;

    /// k: passes needed for a listing; 0 leaves acceptance as it was without validators.
    uint16 public threshold;
    mapping(bytes32 packageDigest => Tally) public tally;
    mapping(bytes32 packageDigest => mapping(address validator => Vote)) public voteOf;

    event ThresholdSet(uint16 threshold);
    event KeyShared(bytes32 indexed packageDigest, address indexed validator, bytes envelope);
    event Attested(bytes32 indexed packageDigest, address indexed validator, bool passed, bytes32 reasonDigest);
    event VoteStruck(bytes32 indexed packageDigest, address indexed validator, bool passed, address indexed by);

    error NotValidator(address account);
    error NotAdvertised(bytes32 packageDigest, Offers.Status status);
    error AlreadyAttested(bytes32 packageDigest, address validator);
    error StillValidator(address validator);
    error NoVote(bytes32 packageDigest, address validator);
    error NotListed(bytes32 packageDigest, uint16 passes, uint16 fails, uint16 threshold);
    error InvalidEnvelope(uint256 length);

    constructor(IRoleOracle identities_, Offers offers_) RoleGated(identities_) {
        if (address(offers_) == address(0)) revert ZeroAddress();
        offers = offers_;
    }

    function setThreshold(uint16 k) external {
        _requireOperator();
        threshold = k;
        emit ThresholdSet(k);
    }

    /// @notice Publish the content key sealed for one validator. Only for an approved validator and an offer
    /// still waiting for acceptance: nobody else needs the key from this contract.
    function shareKey(bytes32 packageDigest, address validator, bytes calldata envelope) external {
        _requireOperator();
        if (!_hasRole(Roles.VALIDATOR, validator)) revert NotValidator(validator);
        if (envelope.length == 0 || envelope.length > MAX_ENVELOPE_BYTES) revert InvalidEnvelope(envelope.length);
        _requireAdvertised(packageDigest);
        emit KeyShared(packageDigest, validator, envelope);
    }

    /// @notice A validator's verdict on an advertised package, once per validator and package.
    /// `reasonDigest` is the SHA-256 of the validator's findings text, so the reason can be checked against
    /// the text the validator publishes off chain.
    function attest(bytes32 packageDigest, bool passed, bytes32 reasonDigest) external {
        if (!_hasRole(Roles.VALIDATOR, msg.sender)) revert NotValidator(msg.sender);
        _requireAdvertised(packageDigest);
        mapping(address => Vote) storage votes = voteOf[packageDigest];
        if (votes[msg.sender] != Vote.None) revert AlreadyAttested(packageDigest, msg.sender);
        votes[msg.sender] = passed ? Vote.Pass : Vote.Fail;
        Tally storage t = tally[packageDigest];
        if (passed) ++t.passes;
        else ++t.fails;
        emit Attested(packageDigest, msg.sender, passed, reasonDigest);
    }

    /// @notice Remove a revoked validator's vote on a package from its tally. Anyone may call it: the
    /// revocation already happened in Identities, this only makes the tally agree with it.
    function strike(bytes32 packageDigest, address validator) external {
        if (_hasRole(Roles.VALIDATOR, validator)) revert StillValidator(validator);
        mapping(address => Vote) storage votes = voteOf[packageDigest];
        Vote v = votes[validator];
        if (v == Vote.None) revert NoVote(packageDigest, validator);
        delete votes[validator];
        Tally storage t = tally[packageDigest];
        if (v == Vote.Pass) --t.passes;
        else --t.fails;
        emit VoteStruck(packageDigest, validator, v == Vote.Pass, msg.sender);
    }

    /// @notice At least `threshold` passes and no fail.
    function listed(bytes32 packageDigest) public view returns (bool) {
        Tally memory t = tally[packageDigest];
        return t.passes >= threshold && t.fails == 0;
    }

    /// @notice Offers.accept's gate: a no-op while the threshold is 0.
    function requireListed(bytes32 packageDigest) external view {
        uint16 k = threshold;
        if (k == 0) return;
        Tally memory t = tally[packageDigest];
        if (t.passes < k || t.fails != 0) revert NotListed(packageDigest, t.passes, t.fails, k);
    }

    function _requireAdvertised(bytes32 packageDigest) private view {
        Offers.Status s = offers.requirements(packageDigest).status;
        if (s != Offers.Status.Advertised) revert NotAdvertised(packageDigest, s);
    }
}
