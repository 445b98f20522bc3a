#include "CLuaShims.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static lunar_dispatch_fn swift_dispatch;
static lunar_release_fn swift_release;

void lunar_set_dispatch(lunar_dispatch_fn dispatch) { swift_dispatch = dispatch; }
void lunar_set_release(lunar_release_fn release) { swift_release = release; }

/* ---- Function trampoline ------------------------------------------------------------------------------------- */

static int lunar_trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    int r = swift_dispatch(L, *slot); /* Swift has returned: from here on raising is safe */
    if (r >= 0) return r;
    switch (r) {
    case LUNAR_ARGERROR:
    case LUNAR_TYPEERROR: {
        /* Copy the message and pop both values first: luaL_argerror/typeerror inspect the argument slot, which
           our pushes would otherwise occupy when the argument is absent. */
        char text[512];
        int arg = (int)lua_tointeger(L, -2);
        const char *msg = lua_tostring(L, -1);
        snprintf(text, sizeof text, "%s", msg ? msg : "?");
        lua_settop(L, -3);
        if (r == LUNAR_TYPEERROR) return luaL_typeerror(L, arg, text);
        return luaL_argerror(L, arg, text);
    }
    case LUNAR_RAISE_WHERE:
        luaL_where(L, 1);
        lua_rotate(L, -2, 1);
        lua_concat(L, 2);
        return lua_error(L);
    default:
        return lua_error(L);
    }
}

static int function_box_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot && *slot) {
        void *box = *slot;
        *slot = NULL;
        swift_release(box);
    }
    return 0;
}

void lunar_push_swift_function(lua_State *L, void *box) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_newmetatable(L, "lunar.SwiftFunctionBox")) {
        lua_pushcfunction(L, function_box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, lunar_trampoline, 1);
}

/* ---- Object boxes -------------------------------------------------------------------------------------------- */

#define OBJECT_BOX_MARK "lunar.object"

void lunar_push_object(lua_State *L, void *object, const char *tname) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = object;
    luaL_setmetatable(L, tname);
}

void *lunar_to_object(lua_State *L, int idx, const char *tname, int *is_box) {
    void **slot = (void **)luaL_testudata(L, idx, tname);
    if (is_box) *is_box = slot != NULL;
    return slot ? *slot : NULL;
}

int lunar_release_object(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return 0;
    lua_pushstring(L, OBJECT_BOX_MARK);
    lua_rawget(L, -2); /* raw: no metamethods involved */
    int ours = lua_toboolean(L, -1);
    lua_settop(L, -3);
    if (!ours) return 0;
    void **slot = (void **)lua_touserdata(L, idx);
    if (!slot || !*slot) return 0;
    void *object = *slot;
    *slot = NULL; /* later use reports "closed" instead of touching freed memory */
    swift_release(object);
    return 1;
}

int lunar_object_gc(lua_State *L) {
    lunar_release_object(L, 1);
    return 0;
}

int lunar_new_class_metatable(lua_State *L, const char *tname) {
    int created = luaL_newmetatable(L, tname);
    if (created) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, OBJECT_BOX_MARK);
        lua_pushcfunction(L, lunar_object_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, lunar_object_gc);
        lua_setfield(L, -2, "__close");
    }
    return created;
}

/* ---- pcall with traceback ------------------------------------------------------------------------------------ */

int lunar_msghandler(lua_State *L) {
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "lunar.traceback");
    lua_settop(L, 1);
    return 1;
}

int lunar_pcall_traceback(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs; /* function index */
    lua_pushcfunction(L, lunar_msghandler);
    lua_rotate(L, base, 1);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_rotate(L, base, -1);
    lua_settop(L, -2); /* drop the handler */
    return status;
}

int lunar_noop_cfunction(lua_State *L) {
    (void)L;
    return 0;
}

/* ---- State and allocator ------------------------------------------------------------------------------------- */

static void *aborting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        fprintf(stderr, "lunar: out of memory (requested %zu bytes)\n", nsize);
        abort();
    }
    return p;
}

static int panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "lunar: unprotected Lua error (%s)\n", msg ? msg : "?");
    abort();
    return 0;
}

static void warnf(void *ud, const char *msg, int tocont) {
    (void)ud;
    (void)tocont;
    fputs(msg, stderr);
    if (!tocont) fputc('\n', stderr);
}

lua_State *lunar_newstate(void) {
    lua_State *L = lua_newstate(aborting_alloc, NULL);
    if (L) {
        lua_atpanic(L, panic);
        lua_setwarnf(L, warnf, NULL);
    }
    return L;
}

/* ---- Protected helpers --------------------------------------------------------------------------------------- */

static int p_tolstring(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int lunar_ptolstring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, p_tolstring);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

static int p_getfield(lua_State *L) {
    lua_gettable(L, 1);
    return 1;
}

int lunar_pgetfield(lua_State *L, int idx, const char *k) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, p_getfield);
    lua_pushvalue(L, idx);
    lua_pushstring(L, k);
    return lua_pcall(L, 2, 1, 0);
}

static int p_setfield(lua_State *L) {
    lua_settable(L, 1);
    return 0;
}

int lunar_psetfield(lua_State *L, int idx, const char *k) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, p_setfield);
    lua_pushvalue(L, idx);
    lua_pushstring(L, k);
    lua_rotate(L, -4, -1); /* move the value (below the three pushed) to the top */
    return lua_pcall(L, 3, 0, 0);
}

static int p_callmeta_tostring(lua_State *L) {
    if (!luaL_callmeta(L, 1, "__tostring")) lua_pushnil(L);
    return 1;
}

int lunar_pcallmeta_tostring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, p_callmeta_tostring);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

/* ---- Interrupts ---------------------------------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;
static lua_State *volatile interrupt_state;

static void interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    if (!interrupted) {
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    /* Stays armed: the next Lua instruction after a pcall that caught this raises again. */
    luaL_error(L, "interrupted!");
}

static void set_interrupt_hook(void) {
    lua_State *L = interrupt_state;
    /* Count events only: they fire on every Lua instruction but never inside C functions such as the message
       handler, where raising would turn the interrupt into an "error in error handling". */
    if (L) lua_sethook(L, interrupt_hook, LUA_MASKCOUNT, 1);
}

static void on_sigint(int sig) {
    signal(sig, SIG_DFL); /* a second Ctrl-C kills a process that stopped listening (as lua.c) */
    interrupted = 1;
    set_interrupt_hook();
}

void lunar_interrupt_arm(lua_State *L) {
    interrupt_state = L;
    struct sigaction sa;
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
}

void lunar_interrupt_disarm(void) {
    signal(SIGINT, SIG_DFL);
    lua_State *L = interrupt_state;
    interrupted = 0;
    if (L) lua_sethook(L, NULL, 0, 0);
}

int lunar_interrupt_requested(void) { return interrupted != 0; }

void lunar_interrupt_request(void) {
    interrupted = 1;
    set_interrupt_hook();
}

void lunar_interrupt_clear(void) {
    interrupted = 0;
    lua_State *L = interrupt_state;
    if (L) lua_sethook(L, NULL, 0, 0);
}
