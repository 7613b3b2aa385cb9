package dev.channels.benchmarks.coroutines

import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The coroutines of one benchmark invocation, the coroutine analog of the thread benchmarks'
 * `Crew`: launched on [Dispatchers.Default] (one thread per core, as the JDK's virtual-thread
 * scheduler has one carrier per core) before the measurement, so that starting them stays out of
 * it. Receivers start at once and suspend on their empty channels; senders wait behind a gate.
 *
 * The measured part is [run]: open the gate and wait until every coroutine has ended (or [runUntil]
 * one of them, for a chain). [finish], called at tear-down, makes sure every coroutine ended and
 * throws the first failure of any. The invariant: a failure in any coroutine is recorded once and
 * cancels the others, so that no invocation hangs on a coroutine that can no longer be served.
 */
class CoroutineCrew {
    private val gate = Job()
    private val parent = SupervisorJob()
    private val scope = CoroutineScope(Dispatchers.Default + parent)
    private val failure = AtomicReference<Throwable?>(null)
    private val jobs = ArrayList<Job>()

    /** Launches [body] now (a receiver, which suspends until values come). */
    fun start(body: suspend () -> Unit): Job = launch(gated = false, body)

    /** Launches [body] to run once [run] opens the gate (a sender). */
    fun startGated(body: suspend () -> Unit): Job = launch(gated = true, body)

    private fun launch(gated: Boolean, body: suspend () -> Unit): Job {
        val job = scope.launch {
            try {
                if (gated) {
                    gate.join()
                }
                body()
            } catch (t: Throwable) {
                if (failure.compareAndSet(null, t)) {
                    parent.cancel()
                }
            }
        }
        jobs += job
        return job
    }

    /** The measured part: opens the gate and waits until every coroutine has ended. */
    fun run() {
        gate.complete()
        runBlocking { jobs.joinAll() }
        rethrow()
    }

    /** The measured part when the end of [last] means the work is done (the last link of a chain). */
    fun runUntil(last: Job) {
        gate.complete()
        runBlocking { last.join() }
        rethrow()
    }

    /** Tear-down: waits for every coroutine, cancelling those still running after 30 s, and throws the first failure. */
    fun finish() {
        gate.complete()
        val ended = runBlocking { withTimeoutOrNull(30.seconds) { jobs.joinAll() } }
        if (ended == null) {
            failure.compareAndSet(null, IllegalStateException("a benchmark coroutine was still running 30 s after the invocation"))
        }
        parent.cancel() // the scope ends with the invocation
        rethrow()
    }

    private fun rethrow() {
        val t = failure.get()
        if (t != null) {
            throw IllegalStateException("a benchmark coroutine failed: $t", t)
        }
    }
}
