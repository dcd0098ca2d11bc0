//! A method's call once its arguments are read: the machine that runs it, or for the methods
//! that list every page, the listing and its plan. What the binding hands the JS runtime, decided
//! here so that every method's machine can be driven natively (`tests/fuzz_core.rs`).

use crate::api::{Call, Mode, Op};
use crate::arguments::Read;
use crate::error::ClientError;
use crate::lists::Listing;
use crate::operation::{Machine, Operation};
use crate::pagination::ListPlan;
use crate::poll;

/// The machine of `op`, a method that does not list every page: a create (with its type check
/// and read-back), a wait, or one request, whose "not ready" answers are asked again within the
/// call's timeout.
pub fn machine(op: &'static Op, read: Read) -> Box<dyn Machine> {
    let mut call = Call::new(op.endpoint, op.args, read.values);
    call.paging = read.paging;
    call.filters = read.filters;
    call.flags = op.flags;
    call.flag_values = read.flags;
    match op.mode {
        Mode::Create { .. } => Box::new(Operation::create(call, read.check, read.read_back)),
        Mode::Wait { poll, resume } => poll::wait_machine(poll, call, resume, read.wait),
        _ => Box::new(Operation::new(call).with_patience(read.settings.timeout_ms)),
    }
}

/// The listing of `op`, a method that lists every page, and the plan its pages follow. The
/// arguments are checked now, so a bad one fails the call, not its first page.
pub fn listing(op: &'static Op, read: Read) -> Result<(Listing, ListPlan), ClientError> {
    // Each page's options are the plan's; a listing method has no flags.
    let mut call = Call::new(op.endpoint, op.args, read.values);
    call.filters = read.filters;
    let max_per_page = op.endpoint.max_per_page();
    let plan = if op.mode == Mode::Catalogue {
        ListPlan::catalogue(max_per_page)
    } else {
        read.list_all.plan(max_per_page)?
    };
    call.request()?;
    Ok((Listing::new(call)?, plan))
}
