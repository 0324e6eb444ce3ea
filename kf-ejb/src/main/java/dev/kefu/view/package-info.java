/**
 * The JSON views of business things that both edges send: the chat sockets in their frames and the
 * REST API in its answers. Field names here are part of the protocol ({@code docs/protocol.md}):
 * each edge adds its own envelope around them, neither builds the other's. Nothing in the business
 * layer depends on this package.
 */
package dev.kefu.view;
