// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IRoleOracle, BoundToOrchestration} from "./Roles.sol";

/// @title Settlement: the operator's escrow and the providers' earnings (pull payments).
/// @notice Invariant, checkable by anyone at any block: address(this).balance == escrow + owed,
/// where owed is what providers have earned and not yet withdrawn. Wei is never created or lost.
contract Settlement is BoundToOrchestration, ReentrancyGuard {
    struct Pool {
        uint128 escrow; // deposited by operators, not yet paid out
        uint128 owed;   // credited to providers, not yet withdrawn
    }

    Pool public pool;
    mapping(address provider => uint256) public balanceOf;
    /// The Licences contract, the only one that pays providers directly (licence sales); bound once.
    address public licences;

    event EscrowDeposited(address indexed operator, uint256 amount, uint256 escrow);
    event EscrowReclaimed(address indexed operator, address indexed to, uint256 amount, uint256 escrow);
    event PaymentCredited(uint256 indexed deploymentId, address indexed provider, uint256 amount);
    event PaymentDeferred(uint256 indexed deploymentId, address indexed provider, uint256 amount, uint256 escrow);
    event Withdrawn(address indexed provider, uint256 amount);
    event LicencesBound(address indexed licences);
    event LicenceCredited(address indexed provider, uint256 amount);

    error ZeroAmount();
    error InsufficientEscrow(uint256 requested, uint256 escrow);
    error NothingToWithdraw(address provider);
    error TransferFailed(address to, uint256 amount);
    error NotLicences(address caller);

    constructor(IRoleOracle identities_) BoundToOrchestration(identities_) {}

    function deposit() external payable onlyOperator {
        if (msg.value == 0) revert ZeroAmount();
        uint128 escrow = pool.escrow + uint128(msg.value);
        pool.escrow = escrow;
        emit EscrowDeposited(msg.sender, msg.value, escrow);
    }

    /// @notice Take unused escrow back. What is owed to providers can never be reclaimed.
    function reclaim(uint256 amount, address payable to) external onlyOperator nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        uint128 escrow = pool.escrow;
        if (amount > escrow) revert InsufficientEscrow(amount, escrow);
        escrow -= uint128(amount);
        pool.escrow = escrow;
        emit EscrowReclaimed(msg.sender, to, amount, escrow);
        _send(to, amount);
    }

    /// @notice Move `amount` from escrow to the provider's balance, or report that escrow is short.
    /// Never reverts for lack of escrow, so a MEC's usage report is always recorded.
    function pay(uint256 deploymentId, address provider, uint256 amount) external onlyOrchestration returns (bool paid) {
        Pool memory p = pool;
        if (amount > p.escrow) {
            emit PaymentDeferred(deploymentId, provider, amount, p.escrow);
            return false;
        }
        if (amount != 0) {
            pool = Pool(p.escrow - uint128(amount), p.owed + uint128(amount));
            balanceOf[provider] += amount;
        }
        emit PaymentCredited(deploymentId, provider, amount);
        return true;
    }

    /// @notice Bind the Licences contract, once, as bindOrchestration binds Orchestration.
    function bindLicences(address licences_) external onlyOperator {
        if (licences != address(0)) revert AlreadyBound(licences);
        if (licences_ == address(0)) revert ZeroAddress();
        licences = licences_;
        emit LicencesBound(licences_);
    }

    /// @notice A licence sale: the ether arrives with the call and is owed to the provider at once,
    /// so held == escrow + owed stays true (escrow is untouched; owed and held grow by msg.value).
    function credit(address provider) external payable {
        if (msg.sender != licences) revert NotLicences(msg.sender);
        pool.owed += uint128(msg.value);
        balanceOf[provider] += msg.value;
        emit LicenceCredited(provider, msg.value);
    }

    function withdraw() external nonReentrant {
        uint256 amount = balanceOf[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        balanceOf[msg.sender] = 0;
        pool.owed -= uint128(amount);
        emit Withdrawn(msg.sender, amount);
        _send(payable(msg.sender), amount);
    }

    function _send(address payable to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
