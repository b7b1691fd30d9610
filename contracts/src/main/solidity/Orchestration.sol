// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IRoleOracle, RoleGated, Roles} from "./Roles.sol";
import {Offers} from "./Offers.sol";
import {Settlement} from "./Settlement.sol";
import {Policies} from "./Policies.sol";

/// @title Orchestration: MEC resources, VNF requests, grants and the deployment lifecycle.
/// @notice Lifecycle, one step per transaction, never skipped or replayed:
///   Requested --grant--> Granted --instantiated(ok)--> Running --uninstalled--> Settled
///            \--refuse--> Refused          \--instantiated(failed)--> Failed     \--(escrow short)--> Uninstalled --settle--> Settled
/// The content key reaches the MEC only as an ECIES envelope in the grant event, readable by that MEC alone.
contract Orchestration is RoleGated {
    enum Status { None, Requested, Granted, Refused, Running, Failed, Uninstalled, Settled }

    /// Why the operator refused a request (recorded on chain, never free text).
    enum Refusal { None, NoOffer, InsufficientResources, RequesterNotApproved, Malformed, PolicyDenied, Other }

    struct Resources {
        uint32 vcpuMillis;
        uint32 memoryMiB;
        uint32 diskMiB;
        uint40 updatedAt;
    }

    /// A deployment as the outside sees it (see deployment()).
    struct Deployment {
        address mec;
        Status status;
        uint40 requestedAt;
        uint40 instantiatedAt;
        bytes32 functionType;
        bytes32 offer;        // package digest of the granted offer, zero before the grant
        uint256 amountDue;    // only while payment is deferred for lack of escrow
    }

    /// How a deployment is stored: three slots. `subject` is the requested function type until the grant
    /// and the granted offer from then on (the offer names its function type), which saves a fresh
    /// 22,100-gas slot per grant.
    struct Record {
        address mec;
        Status status;
        uint40 requestedAt;
        uint40 instantiatedAt;
        bytes32 subject;
        uint256 amountDue;    // a whole slot either way; R*B*t can exceed uint128 (B up to 2^128-1 wei/s, t up to 2^32-1 s)
    }

    uint256 public constant MAX_ENVELOPE_BYTES = 512;

    Offers public immutable offers;
    Settlement public immutable settlement;
    Policies public immutable policies;

    /// Next deployment id; starts at 1 so that the first request does not pay for a zero-to-nonzero write.
    uint256 private _nextId = 1;
    mapping(address mec => Resources) public freeResources;
    mapping(uint256 deploymentId => Record) private _deployments;

    event ResourcesPublished(address indexed mec, uint32 vcpuMillis, uint32 memoryMiB, uint32 diskMiB);
    event DeploymentRequested(uint256 indexed deploymentId, address indexed mec, bytes32 indexed functionType);
    event DeploymentGranted(uint256 indexed deploymentId, address indexed mec, bytes32 indexed offer, bytes keyEnvelope);
    event DeploymentRefused(uint256 indexed deploymentId, address indexed mec, Refusal reason);
    event DeploymentInstantiated(uint256 indexed deploymentId, address indexed mec, bool success, bytes32 detail);
    event DeploymentUninstalled(
        uint256 indexed deploymentId, address indexed mec, uint32 usageSeconds, uint32[8] errorCounts, uint256 amount, bool paid
    );
    event DeploymentSettled(uint256 indexed deploymentId, uint256 amount);

    error NotMec(address caller);
    error NotDeploymentMec(uint256 deploymentId, address caller);
    error UnknownDeployment(uint256 deploymentId);
    error WrongStatus(uint256 deploymentId, Status status);
    error UnknownFunction(bytes32 functionType);
    error OfferNotAccepted(bytes32 offer, Offers.Status status);
    error FunctionMismatch(bytes32 offer, bytes32 offered, bytes32 requested);
    error InsufficientResources(uint256 deploymentId, uint32 vcpuMillis, uint32 memoryMiB, uint32 diskMiB);
    error InvalidEnvelope(uint256 length);
    error InvalidRefusal(Refusal reason);
    error UsageExceedsElapsed(uint32 usageSeconds, uint256 elapsedSeconds);
    error InsufficientEscrow(uint256 deploymentId, uint256 amount);

    constructor(IRoleOracle identities_, Offers offers_, Settlement settlement_, Policies policies_) RoleGated(identities_) {
        if (address(offers_) == address(0) || address(settlement_) == address(0) || address(policies_) == address(0)) {
            revert ZeroAddress();
        }
        offers = offers_;
        settlement = settlement_;
        policies = policies_;
    }

    function _requireMec() private view {
        if (!_hasRole(Roles.MEC, msg.sender)) revert NotMec(msg.sender);
    }

    /// @notice A MEC node states what it has free now; grants reserve from it and uninstalls give back.
    function publishResources(uint32 vcpuMillis, uint32 memoryMiB, uint32 diskMiB) external {
        _requireMec();
        freeResources[msg.sender] = Resources(vcpuMillis, memoryMiB, diskMiB, uint40(block.timestamp));
        emit ResourcesPublished(msg.sender, vcpuMillis, memoryMiB, diskMiB);
    }

    /// @notice A MEC node asks for a VNF of `functionType`; reverts at once if no accepted offer provides it.
    function request(bytes32 functionType) external returns (uint256 deploymentId) {
        _requireMec();
        if (offers.acceptedOffers(functionType) == 0) revert UnknownFunction(functionType);
        deploymentId = _nextId++;
        _deployments[deploymentId] = Record(msg.sender, Status.Requested, uint40(block.timestamp), 0, functionType, 0);
        emit DeploymentRequested(deploymentId, msg.sender, functionType);
    }

    /// @notice Grant a request with an accepted offer that fits the MEC's free resources.
    function grant(uint256 deploymentId, bytes32 offer, bytes calldata keyEnvelope) external {
        _requireOperator();
        Record storage d = _inStatus(deploymentId, Status.Requested);
        if (keyEnvelope.length == 0 || keyEnvelope.length > MAX_ENVELOPE_BYTES) revert InvalidEnvelope(keyEnvelope.length);
        Offers.Requirements memory r = offers.requirements(offer);
        if (r.status != Offers.Status.Accepted) revert OfferNotAccepted(offer, r.status);
        if (r.functionType != d.subject) revert FunctionMismatch(offer, r.functionType, d.subject);
        address mec = d.mec;
        // Sending the package to a MEC node is redistribution under the provider's usage policy (region, end).
        policies.checkRedistribute(offer, mec, false);
        Resources storage free = freeResources[mec];
        if (free.vcpuMillis < r.vcpuMillis || free.memoryMiB < r.memoryMiB || free.diskMiB < r.diskMiB) {
            revert InsufficientResources(deploymentId, free.vcpuMillis, free.memoryMiB, free.diskMiB);
        }
        free.vcpuMillis -= r.vcpuMillis;
        free.memoryMiB -= r.memoryMiB;
        free.diskMiB -= r.diskMiB;
        d.status = Status.Granted;
        d.subject = offer;
        emit DeploymentGranted(deploymentId, mec, offer, keyEnvelope);
    }

    function refuse(uint256 deploymentId, Refusal reason) external {
        _requireOperator();
        if (reason == Refusal.None) revert InvalidRefusal(reason);
        Record storage d = _inStatus(deploymentId, Status.Requested);
        d.status = Status.Refused;
        emit DeploymentRefused(deploymentId, d.mec, reason);
    }

    /// @notice The MEC reports whether the VNF started. `detail` is a reason code or the digest of a report.
    function reportInstantiation(uint256 deploymentId, bool success, bytes32 detail) external {
        Record storage d = _ownedInStatus(deploymentId, Status.Granted);
        if (success) {
            d.status = Status.Running;
            d.instantiatedAt = uint40(block.timestamp);
        } else {
            d.status = Status.Failed;
            _release(d);
        }
        emit DeploymentInstantiated(deploymentId, msg.sender, success, detail);
    }

    /// @notice The MEC reports the end of a session: usage and error counts update the VNF's reputation
    /// and price the session, which is paid from escrow at once or, if escrow is short, later by settle().
    function reportUninstall(uint256 deploymentId, uint32 usageSeconds, uint32[8] calldata errorCounts) external {
        Record storage d = _ownedInStatus(deploymentId, Status.Running);
        uint256 elapsed = block.timestamp - d.instantiatedAt;
        if (usageSeconds > elapsed) revert UsageExceedsElapsed(usageSeconds, elapsed);
        bytes32 offer = d.subject;
        _release(d);
        (address provider, uint256 amount) = offers.recordSession(offer, deploymentId, usageSeconds, errorCounts);
        bool paid = settlement.pay(deploymentId, provider, amount);
        if (paid) {
            d.status = Status.Settled;
        } else {
            d.status = Status.Uninstalled;
            d.amountDue = amount;
        }
        emit DeploymentUninstalled(deploymentId, msg.sender, usageSeconds, errorCounts, amount, paid);
    }

    /// @notice Pay a session whose payment was deferred, once the operator has topped up the escrow.
    function settle(uint256 deploymentId) external {
        Record storage d = _inStatus(deploymentId, Status.Uninstalled);
        uint256 amount = d.amountDue;
        if (!settlement.pay(deploymentId, offers.providerOf(d.subject), amount)) {
            revert InsufficientEscrow(deploymentId, amount);
        }
        d.status = Status.Settled;
        d.amountDue = 0;
        emit DeploymentSettled(deploymentId, amount);
    }

    function deployment(uint256 deploymentId) external view returns (Deployment memory out) {
        Record storage d = _deployments[deploymentId];
        out = Deployment(d.mec, d.status, d.requestedAt, d.instantiatedAt, d.subject, 0, d.amountDue);
        if (d.status != Status.None && d.status != Status.Requested && d.status != Status.Refused) {
            out.offer = d.subject;
            out.functionType = offers.requirements(d.subject).functionType;
        }
    }

    /// Number of deployments requested so far; ids run from 1 to deploymentCount().
    function deploymentCount() external view returns (uint256) {
        return _nextId - 1;
    }

    function _inStatus(uint256 deploymentId, Status expected) private view returns (Record storage d) {
        d = _deployments[deploymentId];
        if (d.status == Status.None) revert UnknownDeployment(deploymentId);
        if (d.status != expected) revert WrongStatus(deploymentId, d.status);
    }

    function _ownedInStatus(uint256 deploymentId, Status expected) private view returns (Record storage d) {
        d = _deployments[deploymentId];
        if (d.status == Status.None) revert UnknownDeployment(deploymentId);
        if (d.mec != msg.sender) revert NotDeploymentMec(deploymentId, msg.sender);
        if (d.status != expected) revert WrongStatus(deploymentId, d.status);
    }

    /// Give the granted offer's resources back to the MEC's free pool.
    function _release(Record storage d) private {
        Offers.Requirements memory r = offers.requirements(d.subject);
        Resources storage free = freeResources[d.mec];
        free.vcpuMillis = _saturatingAdd(free.vcpuMillis, r.vcpuMillis);
        free.memoryMiB = _saturatingAdd(free.memoryMiB, r.memoryMiB);
        free.diskMiB = _saturatingAdd(free.diskMiB, r.diskMiB);
    }

    /// A MEC may have republished its free resources since the grant; giving back must never revert
    /// (the session's report and payment depend on it), so the pool stops at the uint32 maximum.
    function _saturatingAdd(uint32 a, uint32 b) private pure returns (uint32) {
        unchecked {
            uint256 sum = uint256(a) + b;
            return sum > type(uint32).max ? type(uint32).max : uint32(sum);
        }
    }
}
