import CLua
import CLuaShims

/// A Swift function callable from Lua. It reads its arguments from the ``LuaCall``, pushes its results and returns
/// how many it pushed. It reports failure by throwing; it never raises a Lua error itself.
public typealias LuaFunction = (LuaCall) throws -> Int32

/// Box for a Swift closure referenced from a Lua C closure's upvalue.
final class LuaFunctionBox {
    let body: LuaFunction
    /// The main thread of the state the function was created in: a call from any other thread is a coroutine's.
    let mainThread: OpaquePointer
    init(_ body: @escaping LuaFunction, mainThread: OpaquePointer) {
        self.body = body
        self.mainThread = mainThread
    }
}

/// The single entry from C into Swift. Runs the boxed function, converts any thrown error to a status code plus
/// values on the stack, and *returns*; the C trampoline raises afterwards. So no longjmp crosses this frame.
private func dispatch(_ L: OpaquePointer?, _ box: UnsafeMutableRawPointer?) -> Int32 {
    let L = L!
    let function = Unmanaged<LuaFunctionBox>.fromOpaque(box!).takeUnretainedValue()
    if L != function.mainThread { return dispatchInCoroutine(L, function) }
    do {
        return try function.body(LuaCall(L))
    } catch {
        return pushError(error, L)
    }
}

/// A coroutine calling into Swift: while the function runs, the state works on the coroutine's stack.
private func dispatchInCoroutine(_ L: OpaquePointer, _ function: LuaFunctionBox) -> Int32 {
    let state = LuaState.owner(of: L)
    let previous = state.L
    state.L = L
    defer { state.L = previous }
    do {
        return try function.body(LuaCall(L))
    } catch {
        return pushError(error, L)
    }
}

/// Pushes the Lua representation of a Swift error and returns the trampoline status.
func pushError(_ error: Error, _ L: OpaquePointer) -> Int32 {
    let stack = LuaStack(L)
    switch error {
    case let e as LuaArgumentError:
        lua_pushinteger(L, lua_Integer(e.index))
        switch e.problem {
        case .type(let expected):
            stack.push(expected)
            return LUNAR_TYPEERROR
        case .message(let message):
            stack.push(message)
            return LUNAR_ARGERROR
        }
    case let e as LuaError:
        // Lua's own error (from a callback): already has its position.
        stack.push(e.message)
        return LUNAR_RAISE
    case let e as CustomStringConvertible:
        stack.push(e.description)
        return LUNAR_RAISE_WHERE
    default:
        stack.push(String(describing: error))
        return LUNAR_RAISE_WHERE
    }
}

private func release(_ object: UnsafeMutableRawPointer?) {
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}

/// Installs the Swift halves of the trampolines once per process.
enum Trampoline {
    static let installed: Bool = {
        lunar_set_dispatch(dispatch)
        lunar_set_release(release)
        return true
    }()
}
