// SPDX-License-Identifier: Apache-2.0
/**
 * The local-delivery kernel every channel layer backend is built on, as Vert.x's {@code EventBusImpl} is the local
 * part of its clustered event bus. A backend moves messages between processes; once a message is in this process,
 * the kernel holds it and hands it over.
 *
 * <ul>
 *   <li>{@link io.switchboard.layer.kernel.LocalMailboxes}: the table of this process's mailboxes, with the drop
 *       counters and the sweep.
 *   <li>{@link io.switchboard.layer.kernel.LocalMailbox}: one channel's queue, its waiting {@code receive} calls or
 *       its one subscriber, its capacity and expiry ({@link io.switchboard.layer.kernel.MailboxPolicy}).
 *   <li>{@link io.switchboard.layer.kernel.MailboxSubscription}: the one {@link io.switchboard.layer.Subscription}
 *       implementation; it drains its mailbox on the subscriber's context.
 *   <li>{@link io.switchboard.layer.kernel.MailboxEvents}: what a backend hears back (expiry, demand, cancel).
 *   <li>{@link io.switchboard.layer.kernel.LocalGroups}: the group table (memberships stamped by the backend's clock,
 *       the reverse index, and presence: a group gaining its first member or losing its last).
 *   <li>{@link io.switchboard.layer.kernel.GroupHistories} and {@link io.switchboard.layer.kernel.GroupHistory}: the
 *       numbered recent messages of the groups that keep a history, with their epochs; the memory layer's history and
 *       the model of every backend's. {@link io.switchboard.layer.kernel.HistoryRules}: which groups keep one.
 * </ul>
 *
 * This package is an SPI for backend authors, not API for applications: it may change between minor versions.
 */
package io.switchboard.layer.kernel;
