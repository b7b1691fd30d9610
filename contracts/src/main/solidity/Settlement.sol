// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IRoleOracle, RoleGated} from "./Roles.sol";

/// @title Settlement: the operator's escrow and the providers' earnings (pull payments).
/// @notice Invariant, checkable by anyone at any block: address(this).balance == escrow + owed,
/// where owed is what providers have earned and not yet withdrawn. Wei is never created or lost.
contract Settlement is RoleGated, ReentrancyGuard {
    struct Pool {
        uint128 escrow; // deposited by operators, not yet paid out
        uint128 owed;   // credited to providers, not yet withdrawn
    }

    Pool public pool;
    mapping(address provider => uint256) public balanceOf;
    /// The Orchestration contract, the only one that pays sessions from escrow.
    address public immutable orchestration;

    event EscrowDeposited(address indexed operator, uint256 amount, uint256 escrow);
    event EscrowReclaimed(address indexed operator, address indexed to, uint256 amount, uint256 escrow);
    event PaymentCredited(uint256 indexed deploymentId, address indexed provider, uint256 amount);
    event PaymentDeferred(uint256 indexed deploymentId, address indexed provider, uint256 amount, uint256 escrow);
    event Withdrawn(address indexed provider, uint256 amount);

    error ZeroAmount();
    error InsufficientEscrow(uint256 requested, uint256 escrow);
    error NothingToWithdraw(address provider);
    error TransferFailed(address to, uint256 amount);
    error NotOrchestration(address caller);

    /// Orchestration is deployed after Settlement (it calls Settlement): the deployer passes the address it
    /// will have (a CREATE address follows from the deployer's account and nonce) and checks it after.
    constructor(IRoleOracle identities_, address orchestration_) RoleGated(identities_) {
        if (orchestration_ == address(0)) revert ZeroAddress();
        orchestration = orchestration_;
    }

    function deposit() external payable {
        _requireOperator();
        if (msg.value == 0) revert ZeroAmount();
        uint128 escrow = pool.escrow + uint128(msg.value);
        pool.escrow = escrow;
        emit EscrowDeposited(msg.sender, msg.value, escrow);
    }

    /// @notice Take unused escrow back. What is owed to providers can never be reclaimed.
    function reclaim(uint256 amount, address payable to) external nonReentrant {
        _requireOperator();
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
    function pay(uint256 deploymentId, address provider, uint256 amount) external returns (bool paid) {
        if (msg.sender != orchestration) revert NotOrchestration(msg.sender);
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
