package dev.channels.benchmarks.coroutines

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select

/**
 * The workloads of the suite written with Kotlin's coroutine channels (kotlinx-coroutines-core),
 * as a Kotlin program writes them: suspending `send` and `receive`, `select { }` built where it
 * runs. Each function adds the coroutines of one invocation to a [CoroutineCrew], in the same
 * shape and with the same number of operations as the JMH workload it mirrors (the JMH class
 * passes its own constants). Receivers check every value.
 *
 * `select { }` is Kotlin's default, biased select: it takes the first ready clause, as jox's does
 * (`selectUnbiased` is the random one, like Go's and this project's `Select.fair()`).
 */
object CoroutineWorkloads {
    /** The value every workload moves. It boxes to the JDK's cached Integer, so sending it allocates nothing. */
    const val ITEM: Int = 42

    /** Kotlin's capacity for an unlimited channel. */
    const val UNLIMITED: Int = Channel.UNLIMITED

    /** One sender, one receiver, one channel of [capacity] (0: rendezvous, or [UNLIMITED]). */
    @JvmStatic
    fun pair(crew: CoroutineCrew, capacity: Int, ops: Int) {
        val channel = Channel<Int>(capacity)
        crew.start(receiver(channel, ops))
        crew.startGated(sender(channel, ops))
    }

    /** [senders] senders and [receivers] receivers on one channel of [capacity], [ops] values in all. */
    @JvmStatic
    fun contended(crew: CoroutineCrew, capacity: Int, senders: Int, receivers: Int, ops: Int) {
        val channel = Channel<Int>(capacity)
        repeat(receivers) { crew.start(receiver(channel, ops / receivers)) }
        repeat(senders) { crew.startGated(sender(channel, ops / senders)) }
    }

    /** [pairs] independent pairs, each with its own channel of [capacity] and [perPair] values. */
    @JvmStatic
    fun manyPairs(crew: CoroutineCrew, pairs: Int, capacity: Int, perPair: Int) {
        repeat(pairs) {
            val channel = Channel<Int>(capacity)
            crew.start(receiver(channel, perPair))
            crew.startGated(sender(channel, perPair))
        }
    }

    /**
     * A chain of [coroutines] linked by rendezvous channels: the first sends [messages] values,
     * each next one passes them on, the last receives them.
     *
     * @return the last coroutine, whose end marks the end of the work
     */
    @JvmStatic
    fun chain(crew: CoroutineCrew, coroutines: Int, messages: Int): Job {
        var link = Channel<Int>(Channel.RENDEZVOUS)
        crew.startGated(sender(link, messages))
        repeat(coroutines - 2) {
            val from = link
            val to = Channel<Int>(Channel.RENDEZVOUS)
            crew.start {
                repeat(messages) { to.send(from.receive()) }
            }
            link = to
        }
        return crew.start(receiver(link, messages))
    }

    /**
     * A receiver that takes [ops] values through `select { }` built for every value over [ways]
     * (2 or 4) channels of [capacity], each fed by its own sender with an equal share.
     */
    @JvmStatic
    fun selectInLoop(crew: CoroutineCrew, ways: Int, capacity: Int, ops: Int) {
        val from = List(ways) { Channel<Int>(capacity) }
        crew.start(
            when (ways) {
                2 -> selectTwo(from[0], from[1], ops)
                4 -> selectFour(from[0], from[1], from[2], from[3], ops)
                else -> throw IllegalArgumentException("a select in the loop is written for 2 or 4 channels, not $ways")
            }
        )
        from.forEach { crew.startGated(sender(it, ops / ways)) }
    }

    private fun selectTwo(a: ReceiveChannel<Int>, b: ReceiveChannel<Int>, ops: Int): suspend () -> Unit = {
        repeat(ops) {
            check(
                select {
                    a.onReceive { it }
                    b.onReceive { it }
                }
            )
        }
    }

    private fun selectFour(
        a: ReceiveChannel<Int>, b: ReceiveChannel<Int>, c: ReceiveChannel<Int>, d: ReceiveChannel<Int>, ops: Int,
    ): suspend () -> Unit = {
        repeat(ops) {
            check(
                select {
                    a.onReceive { it }
                    b.onReceive { it }
                    c.onReceive { it }
                    d.onReceive { it }
                }
            )
        }
    }

    /**
     * A receiver whose `select { }` over a receive and `onTimeout([timeoutMillis])` (never reached)
     * is built for every value; a chosen timeout just selects again. [ops] values from one sender.
     */
    @OptIn(ExperimentalCoroutinesApi::class) // onTimeout is experimental in kotlinx-coroutines 1.11
    @JvmStatic
    fun selectWithTimeout(crew: CoroutineCrew, capacity: Int, timeoutMillis: Long, ops: Int) {
        val channel = Channel<Int>(capacity)
        crew.start {
            var received = 0
            while (received < ops) {
                val value: Int? = select {
                    channel.onReceive { it }
                    onTimeout(timeoutMillis) { null }
                }
                if (value != null) {
                    check(value)
                    received++
                }
            }
        }
        crew.startGated(sender(channel, ops))
    }

    /** A ping-pong over two rendezvous channels: [ops] round trips, one value there and back each. */
    @JvmStatic
    fun pingPong(crew: CoroutineCrew, ops: Int) {
        val ping = Channel<Int>(Channel.RENDEZVOUS)
        val pong = Channel<Int>(Channel.RENDEZVOUS)
        crew.start {
            repeat(ops) { pong.send(ping.receive()) }
        }
        crew.startGated {
            repeat(ops) {
                ping.send(ITEM)
                check(pong.receive())
            }
        }
    }

    /** [senders] senders onto one rendezvous channel, one receiver, [ops] values in all. */
    @JvmStatic
    fun fanIn(crew: CoroutineCrew, senders: Int, ops: Int) {
        val channel = Channel<Int>(Channel.RENDEZVOUS)
        crew.start(receiver(channel, ops))
        repeat(senders) { crew.startGated(sender(channel, ops / senders)) }
    }

    /** An empty channel of [capacity], or a closed one, for the non-blocking receive. */
    @JvmStatic
    fun channel(capacity: Int, closed: Boolean): Channel<Int> {
        val channel = Channel<Int>(capacity)
        if (closed) {
            channel.close()
        }
        return channel
    }

    /**
     * [attempts] times `tryReceive()` on [channel], checking each result: "empty" on an open
     * channel, "closed" on a closed one.
     *
     * @return the number of attempts, for the benchmark to consume
     */
    @JvmStatic
    fun tryReceive(channel: ReceiveChannel<Int>, attempts: Int, closed: Boolean): Int {
        var seen = 0
        repeat(attempts) {
            val result = channel.tryReceive()
            if (result.isSuccess || result.isClosed != closed) {
                throw AssertionError("tryReceive gave $result, expected ${if (closed) "closed" else "empty"}")
            }
            seen++
        }
        return seen
    }

    private fun sender(channel: SendChannel<Int>, count: Int): suspend () -> Unit = {
        repeat(count) { channel.send(ITEM) }
    }

    private fun receiver(channel: ReceiveChannel<Int>, count: Int): suspend () -> Unit = {
        repeat(count) { check(channel.receive()) }
    }

    private fun check(value: Int) {
        if (value != ITEM) {
            throw AssertionError("received a value that was never sent")
        }
    }
}
