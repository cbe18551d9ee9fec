global using Microsoft.Extensions.DependencyInjection;
global using NUnit.Framework;
