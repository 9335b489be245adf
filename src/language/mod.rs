//! Language over the page model: spelling, fixed phrase lists, and whether
//! a stretch of prose is English at all.

pub mod english;
pub mod phrases;
pub mod sentences;
pub mod spelling;
